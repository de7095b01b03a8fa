#!/usr/bin/env python3
"""OpenBLAS side of `memtrace bench matmul`: C = X · Wᵀ in float32 through torch.matmul (which
calls the system BLAS; on Debian, install libopenblas0 so that it is OpenBLAS).

    /usr/bin/python3 tools/sgemm_bench.py --threads 2 --repeat 5

Reads one shape "N,K,M" per line on stdin and answers each with one JSON line,
{"shape": [n, k, m], "gflops": median over the timed runs}, so that the caller can alternate its
own measurements with these in one run.
"""

import argparse
import json
import statistics
import sys
import time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(1)
    operands = {}
    for line in sys.stdin:
        n, k, m = (int(v) for v in line.strip().split(","))
        if (n, k, m) not in operands:
            operands[(n, k, m)] = (torch.randn(n, k, generator=g), torch.randn(m, k, generator=g))
            x, w = operands[(n, k, m)]
            torch.matmul(x, w.T)
        x, w = operands[(n, k, m)]
        runs = []
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            torch.matmul(x, w.T)
            runs.append(2.0 * n * k * m / (time.perf_counter() - t0) / 1e9)
        print(json.dumps({"shape": [n, k, m], "gflops": statistics.median(runs)}), flush=True)


if __name__ == "__main__":
    main()
