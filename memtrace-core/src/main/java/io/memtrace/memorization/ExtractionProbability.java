package io.memtrace.memorization;

/**
 * (n, p)-discoverable extraction (Hayes et al. 2024): the probability q that sampling a
 * continuation of L tokens from the context reproduces the true one is the product of the model's
 * probabilities of the true tokens, each given the true prefix, so one teacher-forced pass gives it
 * exactly, with no sampling. n samples find the continuation at least once with probability 1 - (1
 * - q)^n. Everything is kept in logs: q underflows a double for most rows.
 */
public final class ExtractionProbability {
  private ExtractionProbability() {}

  /**
   * ln q of sampling at temperature 1: the sum of {@code targetLogprob[from ..< from + length]},
   * the log-probabilities of the true tokens.
   */
  public static double logProbability(float[] targetLogprob, int from, int length) {
    double sum = 0;
    for (int i = from; i < from + length; i++) sum += targetLogprob[i];
    return sum;
  }

  /**
   * ln q of top-k sampling: at each position the model samples among its k most likely tokens,
   * renormalized, so q is 0 (ln q = -inf) when a true token falls outside them and otherwise the
   * product of p(true) / p(top k).
   *
   * @param truth the true tokens, {@code truth[i]} the target of position i
   * @param topIds the k most likely tokens of each position
   * @param topLogprobs their log-probabilities
   */
  public static double topKLogProbability(
      int[] truth,
      float[] targetLogprob,
      int[][] topIds,
      float[][] topLogprobs,
      int from,
      int length) {
    double sum = 0;
    for (int i = from; i < from + length; i++) {
      boolean inside = false;
      for (int id : topIds[i]) inside |= id == truth[i];
      if (!inside) return Double.NEGATIVE_INFINITY;
      sum += targetLogprob[i] - logSumExp(topLogprobs[i]);
    }
    return sum;
  }

  /**
   * Whether n samples find a continuation of probability q = exp(logq) with probability at least p:
   * 1 - (1 - q)^n >= p, compared as n · ln(1 - q) <= ln(1 - p).
   */
  public static boolean extractable(double logq, long n, double p) {
    return n * Math.log1p(-Math.exp(logq)) <= Math.log1p(-p);
  }

  /**
   * The smallest n with 1 - (1 - q)^n >= p, for 0 < p < 1; {@link Long#MAX_VALUE} when q is 0 or so
   * small that no count of samples a long holds reaches p.
   */
  public static long samplesNeeded(double logq, double p) {
    if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p = " + p);
    double q = Math.exp(logq);
    if (q == 0) return Long.MAX_VALUE;
    double estimate = Math.ceil(Math.log1p(-p) / Math.log1p(-q));
    if (!(estimate < Long.MAX_VALUE / 2.0)) return Long.MAX_VALUE;
    long n = Math.max(1, (long) estimate);
    // The quotient may round across an integer: settle on the comparison extractable() makes.
    while (n > 1 && extractable(logq, n - 1, p)) n--;
    while (!extractable(logq, n, p)) n++;
    return n;
  }

  private static double logSumExp(float[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : x) max = Math.max(max, v);
    if (max == Double.NEGATIVE_INFINITY) return max;
    double sum = 0;
    for (float v : x) sum += Math.exp(v - max);
    return max + Math.log(sum);
  }
}
