package io.memtrace.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals of means (Efron 1979): rows drawn with replacement, the mean
 * recomputed per draw, the interval between the (1 - level) / 2 and (1 + level) / 2 quantiles of
 * those means.
 */
public final class Bootstrap {
  /** Resamples drawn per interval. */
  public static final int RESAMPLES = 1000;

  private Bootstrap() {}

  /**
   * Intervals of the per-position means of {@code values[row][position]} (NaN where a row has no
   * value), rows resampled together so positions keep their correlation; {@code [position][lo,
   * hi]}, NaN for a position with fewer than two values.
   */
  public static double[][] meanIntervals(
      double[][] values, int positions, int resamples, double level, long seed) {
    int n = values.length;
    double[][] means = new double[positions][resamples];
    SplittableRandom random = new SplittableRandom(seed);
    int[] counts = new int[n];
    double[] sums = new double[positions];
    int[] totals = new int[positions];
    for (int b = 0; b < resamples; b++) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) counts[random.nextInt(n)]++;
      Arrays.fill(sums, 0);
      Arrays.fill(totals, 0);
      for (int r = 0; r < n; r++) {
        if (counts[r] == 0) continue;
        double[] row = values[r];
        for (int p = 0; p < Math.min(positions, row.length); p++) {
          if (Double.isNaN(row[p])) continue;
          sums[p] += counts[r] * row[p];
          totals[p] += counts[r];
        }
      }
      for (int p = 0; p < positions; p++)
        means[p][b] = totals[p] == 0 ? Double.NaN : sums[p] / totals[p];
    }
    int[] present = new int[positions];
    for (double[] row : values) {
      for (int p = 0; p < Math.min(positions, row.length); p++)
        if (!Double.isNaN(row[p])) present[p]++;
    }
    double[][] out = new double[positions][];
    for (int p = 0; p < positions; p++) {
      if (present[p] < 2) {
        out[p] = new double[] {Double.NaN, Double.NaN};
        continue;
      }
      double[] m = Arrays.stream(means[p]).filter(v -> !Double.isNaN(v)).sorted().toArray();
      out[p] = new double[] {quantile(m, (1 - level) / 2), quantile(m, (1 + level) / 2)};
    }
    return out;
  }

  /** Linear interpolation between order statistics (numpy's default). */
  static double quantile(double[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int lo = (int) Math.floor(at);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
  }
}
