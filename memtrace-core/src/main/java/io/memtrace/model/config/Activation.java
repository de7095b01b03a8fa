package io.memtrace.model.config;

import io.memtrace.BadInputException;
import java.nio.file.Path;

/** The MLP activations of the supported architectures, by their transformers names. */
public enum Activation {
  /** {@code gelu}: x Φ(x) with the exact normal CDF (erf). */
  GELU,
  /** {@code gelu_new}, {@code gelu_pytorch_tanh}, {@code gelu_fast}: the tanh approximation. */
  GELU_TANH,
  /** {@code silu} / {@code swish}: x σ(x). */
  SILU,
  RELU;

  public static Activation parse(Path file, String name) throws BadInputException {
    return switch (name) {
      case "gelu" -> GELU;
      case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
      case "silu", "swish" -> SILU;
      case "relu" -> RELU;
      default ->
          throw BadInputException.in(
              file,
              "activation '"
                  + name
                  + "' is not supported (gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, silu, relu)");
    };
  }
}
