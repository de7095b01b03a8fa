#!/usr/bin/env python3
"""OpenBLAS side of `memtrace bench matmul`: C = X · Wᵀ in float32 through torch.matmul (which
calls the system BLAS; on Debian, install libopenblas0 so that it is OpenBLAS).

    /usr/bin/python3 tools/sgemm_bench.py --threads 2 --repeat 5

Reads one shape "N,K,M" per line on stdin and answers each with one JSON line,
{"shape": [n, k, m], "gflops": median over the timed runs, "core": OpenBLAS's kernel family}, so
that the caller can alternate its own measurements with these in one run. The product is written
into a preallocated output, as memtrace's is. OPENBLAS_CORETYPE picks OpenBLAS's kernels where its
detection falls back (0.3.21 takes Zen 4 and 5 for Haswell, AVX2).
"""

import ctypes

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
            x, w = torch.randn(n, k, generator=g), torch.randn(m, k, generator=g)
            operands[(n, k, m)] = (x, w, torch.empty(n, m))
            torch.matmul(x, w.T, out=operands[(n, k, m)][2])
        x, w, out = operands[(n, k, m)]
        runs = []
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            torch.matmul(x, w.T, out=out)
            runs.append(2.0 * n * k * m / (time.perf_counter() - t0) / 1e9)
        answer = {"shape": [n, k, m], "gflops": statistics.median(runs), "core": core()}
        print(json.dumps(answer), flush=True)


def core():
    """The kernel family OpenBLAS chose, from the library torch loaded; None when not OpenBLAS."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "libopenblas" in line}
    if not paths:
        return None
    lib = ctypes.CDLL(sorted(paths)[0])
    lib.openblas_get_corename.restype = ctypes.c_char_p
    return lib.openblas_get_corename().decode()


if __name__ == "__main__":
    main()
