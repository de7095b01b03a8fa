package io.memtrace.stats;

import java.util.Arrays;

/**
 * How well a score separates positives (members) from negatives (non-members), a higher score
 * meaning "positive": the area under the ROC curve and the true positive rate at a low false
 * positive rate, as membership inference reports them.
 */
public final class Roc {
  private Roc() {}

  /**
   * P(score of a random positive > score of a random negative), ties counted half: the area under
   * the ROC curve (Mann-Whitney U / (P · N)).
   */
  public static double auc(double[] positives, double[] negatives) {
    double[] neg = negatives.clone();
    Arrays.sort(neg);
    double u = 0;
    for (double s : positives) {
      int below = lowerBound(neg, s);
      int notAbove = upperBound(neg, s);
      u += below + 0.5 * (notAbove - below);
    }
    return u / ((double) positives.length * negatives.length);
  }

  /**
   * The highest true positive rate of a threshold t (score >= t is called positive) whose false
   * positive rate is at most {@code maxFpr}.
   */
  public static double tprAtFpr(double[] positives, double[] negatives, double maxFpr) {
    int n = negatives.length;
    int allowed = 0;
    while (allowed < n && (double) (allowed + 1) / n <= maxFpr) allowed++;
    if (allowed == n) return 1;
    double[] neg = negatives.clone();
    Arrays.sort(neg);
    // Every positive above the (allowed + 1)-th highest negative, and no more than allowed
    // negatives, clear a threshold just above it.
    double bar = neg[n - 1 - allowed];
    long tp = 0;
    for (double s : positives) if (s > bar) tp++;
    return (double) tp / positives.length;
  }

  /** The first index whose value is >= x. */
  private static int lowerBound(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first index whose value is > x. */
  private static int upperBound(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
