package io.memtrace.stats;

import java.util.Arrays;

/**
 * Rank correlations between paired samples, returning what scipy 1.10's {@code
 * scipy.stats.spearmanr} and {@code scipy.stats.kendalltau} return with their defaults (two-sided,
 * Kendall's tau-b, method 'auto'); {@code tools/rank_fixtures.py} records scipy's values for the
 * tests.
 *
 * <p>Where scipy differs by case: with fewer than 3 pairs both coefficients and p-values are NaN
 * here (scipy gives a coefficient of ±1 for 2 pairs); for Kendall's exact p-value of a perfect or
 * one-swap order of 171 to about 180 pairs, scipy returns 0 where this returns the subnormal 2 /
 * n!.
 *
 * <p>Values are compared as doubles with -0.0 equal to 0.0; ±infinity ranks like any value. A NaN
 * is rejected: a rank for a missing value would be made up.
 */
public final class RankCorrelation {
  /**
   * scipy's 'auto' method takes Kendall's p-value from the exact null distribution when neither
   * side has ties and there are at most this many pairs (or the order is perfect up to one pair),
   * and from the normal approximation otherwise.
   */
  public static final int KENDALL_EXACT_MAX_PAIRS = 33;

  private RankCorrelation() {}

  /**
   * Spearman's rho: Pearson's correlation of the average ranks (ties share the mean of their
   * positions). The p-value is scipy's: t = rho sqrt((n - 2) / ((1 + rho)(1 - rho))) against
   * Student's t with n - 2 degrees of freedom, so rho = ±1 gives p = 0.
   */
  public static Correlation spearman(double[] x, double[] y) {
    int n = checkPairs(x, y);
    if (n < 3) return Correlation.undefined(n);
    double[] rx = averageRanks(x);
    double[] ry = averageRanks(y);
    // Average ranks always sum to n (n + 1) / 2, so both means are (n + 1) / 2.
    double mean = (n + 1) / 2.0;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = rx[i] - mean;
      double dy = ry[i] - mean;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    // A constant side has every rank equal to the mean.
    if (sxx == 0 || syy == 0) return Correlation.undefined(n);
    double rho = Math.clamp(sxy / Math.sqrt(sxx * syy), -1.0, 1.0);
    if (Math.abs(rho) == 1) return new Correlation(rho, 0, n);
    double t = rho * Math.sqrt((n - 2) / ((1 + rho) * (1 - rho)));
    return new Correlation(rho, Distributions.studentTTwoSided(t, n - 2), n);
  }

  /**
   * Kendall's tau-b = (C - D) / sqrt((P - X)(P - Y)) over the P = n (n - 1) / 2 pairs, with C
   * concordant, D discordant, X pairs tied in x and Y tied in y, in O(n log n) by Knight's (1966)
   * method: sort by x then y, and D is the number of inversions left in y, counted by merge sort.
   *
   * <p>The p-value is scipy's 'auto': exact (see {@link #KENDALL_EXACT_MAX_PAIRS}) or the normal
   * approximation of C - D with scipy's tie-corrected variance (Kendall 1970, eq. 4.4).
   */
  public static Correlation kendallTau(double[] x, double[] y) {
    int n = checkPairs(x, y);
    if (n < 3) return Correlation.undefined(n);
    int[] rx = denseRanks(x);
    int[] ry = denseRanks(y);
    // One key per pair ordering by x then y: within a run of tied x the y ascend, so the x-tied
    // pairs add no inversions; y-tied pairs are never inversions either (strict comparison).
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) keys[i] = (long) rx[i] << 32 | ry[i];
    Arrays.sort(keys);
    int[] ySorted = new int[n];
    long jointTies = 0;
    int run = 0;
    for (int i = 0; i < n; i++) {
      ySorted[i] = (int) keys[i];
      // a pair equal to the `run` pairs before it ties with each of them in both x and y
      run = i > 0 && keys[i] == keys[i - 1] ? run + 1 : 0;
      jointTies += run;
    }
    long discordant = inversions(ySorted);
    Ties tx = Ties.of(rx);
    Ties ty = Ties.of(ry);
    long pairs = (long) n * (n - 1) / 2;
    if (tx.pairs == pairs || ty.pairs == pairs) return Correlation.undefined(n);
    // P = C + D + (X - J) + (Y - J) + J with J the pairs tied in both.
    long cMinusD = pairs - tx.pairs - ty.pairs + jointTies - 2 * discordant;
    double tau = cMinusD / Math.sqrt(pairs - tx.pairs) / Math.sqrt(pairs - ty.pairs);
    tau = Math.clamp(tau, -1.0, 1.0);

    boolean noTies = tx.pairs == 0 && ty.pairs == 0;
    if (noTies && (n <= KENDALL_EXACT_MAX_PAIRS || Math.min(discordant, pairs - discordant) <= 1)) {
      return new Correlation(tau, kendallExactPValue(n, pairs - discordant), n);
    }
    double m = n * (n - 1.0);
    double variance =
        (m * (2 * n + 5) - tx.cubic - ty.cubic) / 18
            + 2.0 * tx.pairs * ty.pairs / m
            + tx.triples * ty.triples / (9 * m * (n - 2));
    return new Correlation(tau, Distributions.normalTwoSided(cMinusD / Math.sqrt(variance)), n);
  }

  /**
   * Study B's generalization distance: the normalized Kendall-tau distance (1 - tau_b) / 2, from 0
   * (same order) to 1 (reversed order); without ties it is the fraction of discordant pairs. NaN
   * where tau-b is undefined.
   */
  public static double kendallDistance(double[] x, double[] y) {
    return (1 - kendallTau(x, y).coefficient()) / 2;
  }

  /**
   * Two-sided exact p-value for n untied pairs of which c are concordant: under independence the
   * number of discordant pairs is the number of inversions of a uniform random permutation, which
   * is symmetric about P / 2, so p = 2 P(inversions <= min(c, P - c)), at most 1 (scipy's
   * _kendall_p_exact). Costs O(n^2 min(c, P - c)); the 'auto' rule calls it with n <= 33 or with
   * min(c, P - c) <= 1.
   */
  static double kendallExactPValue(int n, long concordant) {
    long pairs = (long) n * (n - 1) / 2;
    int c = Math.toIntExact(Math.min(concordant, pairs - concordant));
    // f[k] = P(a random permutation of j items has k inversions). Placing item j among the first
    // j - 1 adds 0..j-1 inversions with equal chance. Only sums of positive terms, so every f[k]
    // keeps its relative precision however small it is.
    double[] f = new double[c + 1];
    f[0] = 1;
    for (int j = 2; j <= n; j++) {
      for (int k = c; k >= 0; k--) { // downwards: f[k - i] still holds the value for j - 1 items
        double sum = 0;
        for (int i = Math.min(j - 1, k); i >= 0; i--) sum += f[k - i];
        f[k] = sum / j;
      }
    }
    double lowerTail = 0;
    for (double p : f) lowerTail += p;
    return Math.min(1, 2 * lowerTail);
  }

  /** Pairs i < j with a[i] > a[j], by bottom-up merge sort; sorts {@code a}. */
  static long inversions(int[] a) {
    int n = a.length;
    int[] merged = new int[n];
    long count = 0;
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          if (a[j] < a[i]) {
            count += mid - i; // a[j] is below every element left in the first half
            merged[k++] = a[j++];
          } else {
            merged[k++] = a[i++];
          }
        }
        while (i < mid) merged[k++] = a[i++];
        while (j < hi) merged[k++] = a[j++];
        System.arraycopy(merged, lo, a, lo, hi - lo);
      }
    }
    return count;
  }

  /** Ranks 1..n, each run of tied values getting the mean of its positions (scipy's rankdata). */
  static double[] averageRanks(double[] v) {
    int[] dense = denseRanks(v);
    int[] counts = counts(dense);
    // first[r]: the 1-based position where the run of dense rank r starts
    double[] average = new double[counts.length];
    long first = 1;
    for (int r = 0; r < counts.length; r++) {
      average[r] = first + (counts[r] - 1) / 2.0;
      first += counts[r];
    }
    double[] ranks = new double[v.length];
    for (int i = 0; i < v.length; i++) ranks[i] = average[dense[i]];
    return ranks;
  }

  /** 0 for the smallest distinct value, 1 for the next, and so on. */
  static int[] denseRanks(double[] v) {
    // "+ 0.0" turns -0.0 into 0.0: they compare equal, but sort and binary search tell them apart.
    double[] distinct = new double[v.length];
    for (int i = 0; i < v.length; i++) distinct[i] = v[i] + 0.0;
    Arrays.sort(distinct);
    int d = 0;
    for (int i = 0; i < distinct.length; i++) {
      if (i == 0 || distinct[i] != distinct[d - 1]) distinct[d++] = distinct[i];
    }
    int[] ranks = new int[v.length];
    for (int i = 0; i < v.length; i++) ranks[i] = Arrays.binarySearch(distinct, 0, d, v[i] + 0.0);
    return ranks;
  }

  private static int[] counts(int[] denseRanks) {
    int max = -1;
    for (int r : denseRanks) max = Math.max(max, r);
    int[] counts = new int[max + 1];
    for (int r : denseRanks) counts[r]++;
    return counts;
  }

  /**
   * Sums over the runs of t tied values on one side: pairs t (t - 1) / 2, triples t (t - 1)(t - 2)
   * and cubic t (t - 1)(2t + 5), the terms of the tie-corrected variance. Doubles where a long
   * could overflow, as in scipy.
   */
  private record Ties(long pairs, double triples, double cubic) {
    static Ties of(int[] denseRanks) {
      long pairs = 0;
      double triples = 0;
      double cubic = 0;
      for (int t : counts(denseRanks)) {
        pairs += (long) t * (t - 1) / 2;
        triples += t * (t - 1.0) * (t - 2);
        cubic += t * (t - 1.0) * (2.0 * t + 5);
      }
      return new Ties(pairs, triples, cubic);
    }
  }

  private static int checkPairs(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "paired samples differ in length: x has " + x.length + ", y has " + y.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        throw new IllegalArgumentException(
            (Double.isNaN(x[i]) ? "x" : "y") + "[" + i + "] is NaN; every pair needs two values");
      }
    }
    return x.length;
  }
}
