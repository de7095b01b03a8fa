package io.memtrace.model.training;

import io.memtrace.model.config.Activation;
import io.memtrace.model.tensor.Erf;

/** Derivatives of the MLP activations, matching the engine's forward definitions. */
final class ActivationGrad {
  private static final float SQRT_HALF = (float) Math.sqrt(0.5);
  private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
  private static final float TANH_C = (float) Math.sqrt(2 / Math.PI);

  private ActivationGrad() {}

  /** {@code d act(u) / du}. */
  static float derivative(Activation activation, float u) {
    return switch (activation) {
      case GELU -> {
        float cdf = 0.5f * (1 + Erf.erf(u * SQRT_HALF));
        yield cdf + u * INV_SQRT_2PI * (float) Math.exp(-0.5f * u * u);
      }
      case GELU_TANH -> {
        float inner = TANH_C * (u + 0.044715f * u * u * u);
        float t = (float) Math.tanh(inner);
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
