package io.memtrace.model.arch;

import io.memtrace.BadInputException;
import io.memtrace.model.blocks.Transformer;
import io.memtrace.model.config.Gpt2Config;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.config.LlamaConfig;
import io.memtrace.model.config.ModelConfig;
import io.memtrace.model.config.OlmoConfig;

/** Builds the transformer a config describes from a checkpoint's weights. */
public final class Architectures {
  private Architectures() {}

  public static Transformer build(ModelConfig config, Weights weights) throws BadInputException {
    return switch (config) {
      case GptNeoXConfig c -> GptNeoX.build(c, weights);
      case LlamaConfig c -> Llama.build(c, weights);
      case Gpt2Config c -> Gpt2.build(c, weights);
      case OlmoConfig c -> Olmo.build(c, weights);
    };
  }
}
