package io.memtrace.model.arch;

import io.memtrace.BadInputException;
import io.memtrace.model.blocks.RmsNorm;
import io.memtrace.model.blocks.Transformer;
import io.memtrace.model.config.LlamaConfig;

/** Llama: the shared layout with RMSNorms. */
final class Llama {
  private Llama() {}

  static Transformer build(LlamaConfig c, Weights w) throws BadInputException {
    int dim = c.hiddenSize();
    return new LlamaLayout(
            dim,
            c.heads(),
            c.kvHeads(),
            c.headDim(),
            c.intermediateSize(),
            c.vocabSize(),
            c.layers(),
            c.ropeTheta(),
            c.activation(),
            c.attentionBias(),
            c.mlpBias(),
            c.tiedEmbeddings(),
            0)
        .build(w, prefix -> new RmsNorm(dim, w.vector(prefix + ".weight", dim), c.rmsNormEps()));
  }
}
