#!/usr/bin/env python3
"""PyTorch CPU eager side of `memtrace bench score`: teacher-forced scoring of the same rows with
the same random checkpoint, as a PyTorch user would write it (batched forward, log-softmax over
the full logits, gather, entropy, argmax).

    /usr/bin/python3 tools/lm_bench.py MODEL_DIR ROWS.json OUT.json --threads 2

ROWS.json is a list of equal-length token rows. After loading and one untimed run it prints
{"ready": true}, then answers each line on stdin with one timed run, {"seconds": s, "tokens": n},
so that the caller can alternate its own runs with these. At the end of stdin, OUT.json gets the
last run's argmax and target log-probabilities (positions 0..T-2 of each row) for the agreement
check.
"""

import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lm_reference as ref  # noqa: E402


@torch.no_grad()
def score(model, ids):
    logits = model.forward(ids)[0][:, :-1]
    logp = torch.log_softmax(logits, -1)
    target = logp.gather(-1, ids[:, 1:, None])[..., 0]
    entropy = -(logp.exp() * logp).sum(-1)
    return logits.argmax(-1), target, entropy


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("rows")
    p.add_argument("out")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    model = ref.load_model(a.model)
    with open(a.rows) as f:
        ids = torch.tensor(json.load(f), dtype=torch.int64)
    argmax, target, _ = score(model, ids)  # warm-up
    print(json.dumps({"ready": True}), flush=True)
    for _ in sys.stdin:
        t0 = time.perf_counter()
        argmax, target, _ = score(model, ids)
        print(json.dumps({"seconds": time.perf_counter() - t0, "tokens": ids.numel()}), flush=True)
    with open(a.out, "w") as f:
        json.dump({"argmax": argmax.tolist(), "target_logprob": target.tolist()}, f)


if __name__ == "__main__":
    main()
