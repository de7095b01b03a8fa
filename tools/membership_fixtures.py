#!/usr/bin/env python3
"""Writes the golden membership scores that memtrace's MembershipScoresTest reads.

Regenerate (from the repository root; needs torch, e.g. Debian's python3-torch):

    /usr/bin/python3 tools/membership_fixtures.py \
        memtrace-core/src/test/resources/io/memtrace/memorization/membership_golden.json

For a few texts, tokenized by the byte tokenizer of the pythia-tiny fixture (id = byte + 1), the
reference engine (lm_reference.py) gives the logits of every position; the scores follow mimir's
definitions, in float64:

    loss            mean of -ln p(x_t | x_<t) over t = 1..T-1
    zlib_bytes      len(zlib.compress(text.encode("utf-8"))), zlib's default level
    zlib_ratio      loss / zlib_bytes
    min_k           mean of the int(k (T - 1)) lowest ln p(x_t | x_<t) (at least one), k = 0.2
    min_k_plus_plus the same over (ln p(x_t) - mu_t) / sigma_t, mu_t = sum_v p(v) ln p(v),
                    sigma_t^2 = sum_v p(v) ln p(v)^2 - mu_t^2 (Zhang et al. 2024)
"""

import json
import os
import sys
import zlib

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lm_reference as ref  # noqa: E402

MODEL = "memtrace-core/src/test/resources/io/memtrace/model/pythia-tiny"
K = 0.2
TEXTS = [
    "The committee adopted the report without a vote.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "Madam President, I should like to thank you.",
    "0123456789 9876543210 0123456789",
]


def lowest_mean(values, k):
    take = max(1, int(k * len(values)))
    return torch.sort(values).values[:take].mean().item()


def scores(model, text):
    ids = [b + 1 for b in text.encode("utf-8")]
    logits, _ = ref.forward(model, ids)
    logp = torch.log_softmax(logits.double(), -1)[:-1]
    target = logp.gather(1, torch.tensor(ids[1:]).unsqueeze(1)).squeeze(1)
    probs = logp.exp()
    mu = (probs * logp).sum(-1)
    sigma = ((probs * logp ** 2).sum(-1) - mu ** 2).sqrt()
    loss = -target.mean().item()
    zlib_bytes = len(zlib.compress(text.encode("utf-8")))
    return {
        "text": text,
        "tokens": ids,
        "loss": loss,
        "zlib_bytes": zlib_bytes,
        "zlib_ratio": loss / zlib_bytes,
        "min_k": lowest_mean(target, K),
        "min_k_plus_plus": lowest_mean((target - mu) / sigma, K),
    }


def main():
    model = ref.load_model(MODEL)
    rows = [scores(model, t) for t in TEXTS]
    with open(sys.argv[1], "w") as f:
        json.dump({"model": "pythia-tiny", "k": K, "rows": rows}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
