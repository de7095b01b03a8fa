package io.memtrace.model.training;

import io.memtrace.model.tensor.Parallel;

/**
 * Mean cross-entropy over the labelled positions of n, with its gradient written over the logits; a
 * negative target marks a position without a label (no loss, zero gradient).
 */
final class CrossEntropy {
  private CrossEntropy() {}

  /**
   * Returns {@code mean_i (logsumexp(logits_i) - logits_i[target_i])} over the m labelled
   * positions; when {@code gradient}, each labelled row of {@code logits} (n, vocab) becomes {@code
   * (softmax - onehot) / m}, each other row 0.
   */
  static double lossAndGradient(
      Parallel parallel, float[] logits, int n, int vocab, int[] targets, boolean gradient) {
    double[] losses = new double[n];
    int labelled = 0;
    for (int t : targets) if (t >= 0) labelled++;
    if (labelled == 0) throw new IllegalArgumentException("no labelled position");
    float inv = 1f / labelled;
    parallel.forEach(
        n,
        i -> {
          int o = i * vocab;
          if (targets[i] < 0) {
            if (gradient) java.util.Arrays.fill(logits, o, o + vocab, 0f);
            return;
          }
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < vocab; j++) max = Math.max(max, logits[o + j]);
          double sum = 0;
          for (int j = 0; j < vocab; j++) sum += Math.exp(logits[o + j] - max);
          double logZ = max + Math.log(sum);
          losses[i] = logZ - logits[o + targets[i]];
          if (gradient) {
            for (int j = 0; j < vocab; j++) {
              logits[o + j] = (float) Math.exp(logits[o + j] - logZ) * inv;
            }
            logits[o + targets[i]] -= inv;
          }
        });
    double total = 0;
    for (double l : losses) total += l;
    return total / labelled;
  }
}
