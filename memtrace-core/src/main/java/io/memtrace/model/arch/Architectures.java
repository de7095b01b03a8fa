package io.memtrace.model.arch;

import io.memtrace.BadInputException;
import io.memtrace.model.blocks.Transformer;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.config.ModelConfig;

/** Builds the transformer a config describes from a checkpoint's weights. */
public final class Architectures {
  private Architectures() {}

  public static Transformer build(ModelConfig config, Weights weights) throws BadInputException {
    return switch (config) {
      case GptNeoXConfig c -> GptNeoX.build(c, weights);
      default -> throw new BadInputException(config.architecture() + " is not built yet");
    };
  }
}
