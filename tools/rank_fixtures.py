#!/usr/bin/env python3
"""Writes the golden values that memtrace's rank-correlation tests (io.memtrace.stats) read.

Regenerate (from the repository root; needs scipy, e.g. Debian's python3-scipy):

    /usr/bin/python3 tools/rank_fixtures.py \
        memtrace-core/src/test/resources/io/memtrace/stats/rank_golden.json

The JSON holds "scipy" (the version that computed it), "cases" (name, x, y, and scipy.stats'
spearmanr and kendalltau with their defaults: rho, rho_p, tau, tau_p) and "distributions" (Student
t and normal CDFs at chosen points: t, df, t_cdf and z, normal_cdf). The cases cover ties and no
ties, n from 5 to 200, both sides of Kendall's exact/asymptotic switch (33 untied pairs, or an
order perfect up to one pair) and p-values from 1 down past 1e-100. Inputs are seeded: the same
command writes the same file.
"""

import json
import sys

import numpy as np
import scipy
from scipy import stats


def cases():
    rng = np.random.default_rng(20240720)

    def noisy(x, noise):
        return x + noise * rng.standard_normal(len(x))

    def ints(n, k):
        return rng.integers(0, k, n).astype(float)

    yield "untied_n5", [1.5, 3.0, 2.0, 5.0, 4.0], [2.0, 1.0, 4.0, 3.0, 5.0]
    yield "tied_n5", [1.0, 2.0, 2.0, 3.0, 3.0], [3.0, 1.0, 2.0, 2.0, 5.0]
    x = rng.standard_normal(10)
    yield "untied_n10", x, noisy(x, 1.0)
    yield "tied_n20", ints(20, 4), ints(20, 5)
    x = rng.standard_normal(33)
    yield "untied_n33_exact", x, noisy(x, 2.0)
    x = rng.standard_normal(34)
    yield "untied_n34_asymptotic", x, noisy(x, 2.0)
    x = ints(50, 4)
    yield "heavy_ties_n50", x, noisy(x, 1.5).round()
    x = np.sort(rng.standard_normal(40))
    y = x.copy()
    y[[7, 8]] = y[[8, 7]]  # one discordant pair: exact p-value at n > 33
    yield "one_swap_n40", x, y
    x = rng.standard_normal(100)
    yield "monotone_n100", x, np.exp(x)  # rho = tau = 1, rho_p = 0, tau_p = 2 / 100!
    x = ints(60, 10)
    yield "reversed_ties_n60", x, -x + np.arange(60) % 3
    x = rng.standard_normal(120)
    yield "signed_zeros_n120", np.where(x > 1, 0.0, x), np.where(x < -1, -0.0, noisy(x, 3.0))
    x = rng.standard_normal(200)
    yield "independent_n200", x, rng.standard_normal(200)
    x = rng.standard_normal(200)
    yield "strong_n200", x, noisy(x, 0.1)  # p-values far below 1e-100
    x = ints(200, 30)
    yield "ties_one_side_n200", x, noisy(x, 8.0)


def record(name, x, y):
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    rho = stats.spearmanr(x, y)
    tau = stats.kendalltau(x, y)
    return {"name": name, "x": x, "y": y,
            "rho": float(rho.statistic), "rho_p": float(rho.pvalue),
            "tau": float(tau.statistic), "tau_p": float(tau.pvalue)}


def distributions():
    out = []
    for t, df in [(0.0, 1), (0.5, 1), (-3.0, 1), (1.2, 2.5), (-2.0, 5), (2.0, 5), (-10.0, 8),
                  (0.01, 198), (-4.0, 198), (-25.0, 198), (-3.0, 3000), (-40.0, 30)]:
        out.append({"t": t, "df": df, "t_cdf": float(stats.t.cdf(t, df))})
    for z in [0.0, 0.3, -0.3, 1.0, -1.5, 1.959963984540054, -5.0, -12.0, -30.0, 8.0]:
        out.append({"z": z, "normal_cdf": float(stats.norm.cdf(z))})
    return out


def main(path):
    data = {"scipy": scipy.__version__,
            "cases": [record(*c) for c in cases()],
            "distributions": distributions()}
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
