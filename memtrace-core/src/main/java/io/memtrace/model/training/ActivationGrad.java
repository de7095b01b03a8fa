package io.memtrace.model.training;

import io.memtrace.model.config.Activation;
import io.memtrace.model.tensor.Kernels;

/** Backward passes of the MLP activations, matching the engine's forward definitions. */
final class ActivationGrad {
  private static final float TANH_C = (float) Math.sqrt(2 / Math.PI);

  private ActivationGrad() {}

  /** {@code dy[off + i] *= act'(u[off + i])}. */
  static void apply(Kernels kernels, Activation activation, float[] u, float[] dy, int off, int n) {
    if (activation == Activation.GELU) {
      kernels.geluBackward(u, dy, off, n);
      return;
    }
    for (int i = off; i < off + n; i++) dy[i] *= derivative(activation, u[i]);
  }

  private static float derivative(Activation activation, float u) {
    return switch (activation) {
      case GELU -> throw new AssertionError("vectorized above");
      case GELU_TANH -> {
        float t = (float) Math.tanh(TANH_C * (u + 0.044715f * u * u * u));
        yield 0.5f * (1 + t) + 0.5f * u * (1 - t * t) * TANH_C * (1 + 3 * 0.044715f * u * u);
      }
      case SILU -> {
        float s = (float) (1 / (1 + Math.exp(-u)));
        yield s * (1 + u * (1 - s));
      }
      case RELU -> u > 0 ? 1f : 0f;
    };
  }
}
