package io.memtrace.model.training;

import io.memtrace.model.tensor.Kernels;
import java.util.Arrays;

/**
 * Mean cross-entropy over the labelled positions of n, with its gradient written over the logits; a
 * negative target marks a position without a label (no loss, zero gradient).
 */
final class CrossEntropy {
  private CrossEntropy() {}

  /**
   * Returns {@code mean_i (logsumexp(logits_i) - logits_i[target_i])} over the m labelled
   * positions; when {@code gradient}, each labelled row of {@code logits} (n, vocab) becomes {@code
   * (softmax - onehot) / m}, each other row 0. The log-partition is summed in double by the
   * kernels, so the loss keeps its precision over a large vocabulary.
   */
  static double lossAndGradient(
      Dense dense, float[] logits, int n, int vocab, int[] targets, boolean gradient) {
    Kernels kernels = dense.kernels();
    double[] losses = new double[n];
    int labelled = 0;
    for (int t : targets) if (t >= 0) labelled++;
    if (labelled == 0) throw new IllegalArgumentException("no labelled position");
    float inv = 1f / labelled;
    dense
        .parallel()
        .forEach(
            n,
            i -> {
              int o = i * vocab;
              if (targets[i] < 0) {
                if (gradient) Arrays.fill(logits, o, o + vocab, 0f);
                return;
              }
              float max = kernels.max(logits, o, vocab);
              double[] sums = new double[3];
              kernels.expSums(logits, o, vocab, max, sums);
              losses[i] = max + Math.log(sums[0]) - logits[o + targets[i]];
              if (gradient) {
                kernels.softmax(logits, o, vocab);
                for (int j = o; j < o + vocab; j++) logits[j] *= inv;
                logits[o + targets[i]] -= inv;
              }
            });
    double total = 0;
    for (double l : losses) total += l;
    return total / labelled;
  }
}
