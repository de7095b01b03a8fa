package io.memtrace.model.blocks;

import io.memtrace.model.config.Activation;
import io.memtrace.model.tensor.Kernels;

/** The feed-forward half of a block. */
public sealed interface Mlp permits PlainMlp, GatedMlp {
  /** The MLP of the n rows of {@code h}, (n, dim), as a new (n, dim) array. */
  float[] forward(Context c, float[] h);

  /** {@code activation} applied in place to {@code x[off ..< off + n]}. */
  static void activate(Kernels k, Activation activation, float[] x, int off, int n) {
    switch (activation) {
      case GELU -> k.gelu(x, off, n);
      case GELU_TANH -> k.geluTanh(x, off, n);
      case SILU -> k.silu(x, off, n);
      case RELU -> {
        for (int i = off; i < off + n; i++) x[i] = Math.max(0f, x[i]);
      }
    }
  }

  /** Applies {@code activation} to all of {@code x}, spread over the team. */
  static void activateAll(Context c, Activation activation, float[] x) {
    int chunk = 1 << 14;
    c.parallel()
        .forEach(
            (x.length + chunk - 1) / chunk,
            t -> {
              int off = t * chunk;
              activate(c.kernels(), activation, x, off, Math.min(chunk, x.length - off));
            });
  }
}
