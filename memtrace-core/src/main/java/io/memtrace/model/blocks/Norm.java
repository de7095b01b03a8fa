package io.memtrace.model.blocks;

import io.memtrace.model.tensor.Parallel;

/** A normalization applied to each hidden vector on its own. */
public sealed interface Norm permits LayerNorm, RmsNorm {
  int dim();

  /** Normalizes {@code x[xOff ..< xOff + dim]} into {@code out[outOff ..]}. */
  void apply(float[] x, int xOff, float[] out, int outOff);

  /** Each of the n rows of x into out, spread over the team. */
  default void applyRows(Parallel parallel, float[] x, int n, float[] out) {
    int d = dim();
    int perTask = Math.max(1, 16384 / d);
    parallel.forEach(
        (n + perTask - 1) / perTask,
        t -> {
          for (int i = t * perTask; i < Math.min(n, (t + 1) * perTask); i++) {
            apply(x, i * d, out, i * d);
          }
        });
  }
}
