#!/usr/bin/env python3
"""OpenBLAS side of `memtrace bench matmul`: C = X · Wᵀ in float32 through torch.matmul (which
calls the system BLAS; on Debian, install libopenblas0 so that it is OpenBLAS).

    /usr/bin/python3 tools/sgemm_bench.py N,K,M [N,K,M ...] --threads 2 --repeat 5

Prints one JSON line per shape: {"shape": [n, k, m], "gflops": median over the timed runs}.
"""

import argparse
import json
import statistics
import time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("shapes", nargs="+")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(1)
    for shape in a.shapes:
        n, k, m = (int(v) for v in shape.split(","))
        x = torch.randn(n, k, generator=g)
        w = torch.randn(m, k, generator=g)
        torch.matmul(x, w.T)
        runs = []
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            torch.matmul(x, w.T)
            runs.append(2.0 * n * k * m / (time.perf_counter() - t0) / 1e9)
        print(json.dumps({"shape": [n, k, m], "gflops": statistics.median(runs)}), flush=True)


if __name__ == "__main__":
    main()
