package io.memtrace.model.training;

import io.memtrace.model.tensor.Parallel;

/** Mean next-token cross-entropy over n positions, with its gradient written over the logits. */
final class CrossEntropy {
  private CrossEntropy() {}

  /**
   * Returns {@code mean_i (logsumexp(logits_i) - logits_i[target_i])}; when {@code gradient}, each
   * row of {@code logits} (n, vocab) becomes {@code (softmax - onehot) / n}.
   */
  static double lossAndGradient(
      Parallel parallel, float[] logits, int n, int vocab, int[] targets, boolean gradient) {
    double[] losses = new double[n];
    parallel.forEach(
        n,
        i -> {
          int o = i * vocab;
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < vocab; j++) max = Math.max(max, logits[o + j]);
          double sum = 0;
          for (int j = 0; j < vocab; j++) sum += Math.exp(logits[o + j] - max);
          double logZ = max + Math.log(sum);
          losses[i] = logZ - logits[o + targets[i]];
          if (gradient) {
            float inv = 1f / n;
            for (int j = 0; j < vocab; j++) {
              logits[o + j] = (float) Math.exp(logits[o + j] - logZ) * inv;
            }
            logits[o + targets[i]] -= inv;
          }
        });
    double total = 0;
    for (double l : losses) total += l;
    return total / n;
  }
}
