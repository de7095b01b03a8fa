package io.memtrace.memorization;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Membership inference baselines over a text of T tokens, as the mimir toolkit computes them: each
 * from the model's log-probabilities of tokens 1..T-1 given the tokens before them. Lower loss and
 * higher min-k% mean "seen in training"; the reference-model ratio (loss minus a reference model's
 * loss on the same text) is formed where both models were scored.
 *
 * @param loss mean negative log-likelihood, nats per token
 * @param zlibRatio loss divided by the byte length of the zlib-compressed text (Carlini et al.
 *     2021): text that is easy to compress is also easy to predict
 * @param minK the mean of the lowest k share of the token log-probabilities (Shi et al. 2024)
 * @param minKPlusPlus the same over (ln p(x_t) - mu_t) / sigma_t, with mu_t and sigma_t the mean
 *     and standard deviation of ln p under the model's distribution at t (Zhang et al. 2024)
 */
public record MembershipScores(double loss, double zlibRatio, double minK, double minKPlusPlus) {
  /** mimir's default share of tokens min-k% averages: the lowest 20%. */
  public static final double DEFAULT_K = 0.2;

  /**
   * The scores of the text whose tokens 1..length-1 the first {@code length - 1} positions of row
   * {@code r} of {@code moments} predict; {@code text} is the text of those {@code length} tokens.
   */
  public static MembershipScores of(
      LogprobMoments moments, int r, int length, String text, double k) {
    int n = length - 1;
    float[] lp = moments.logprob(r);
    float[] mu = moments.mean(r);
    float[] sigma = moments.std(r);
    double[] plain = new double[n];
    double[] calibrated = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      plain[i] = lp[i];
      // A distribution whose log-probabilities do not vary leaves every token as expected: 0.
      calibrated[i] = sigma[i] > 0 ? (lp[i] - mu[i]) / sigma[i] : 0;
      sum += lp[i];
    }
    double loss = -sum / n;
    return new MembershipScores(
        loss, zlibRatio(loss, text), lowestMean(plain, k), lowestMean(calibrated, k));
  }

  /** {@code loss} / the byte length of the zlib-compressed UTF-8 text (zlib's default level). */
  public static double zlibRatio(double loss, String text) {
    return loss / Compressibility.zlibBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The mean of the floor(k · n) lowest values (at least one), as mimir takes them. */
  static double lowestMean(double[] values, double k) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int take = Math.max(1, (int) (k * sorted.length));
    double sum = 0;
    for (int i = 0; i < take; i++) sum += sorted[i];
    return sum / take;
  }
}
