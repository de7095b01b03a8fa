package io.memtrace.model.arch;

import io.memtrace.BadInputException;
import io.memtrace.model.blocks.LayerNorm;
import io.memtrace.model.blocks.Transformer;
import io.memtrace.model.config.OlmoConfig;

/** OLMo 1: the Llama layout with LayerNorms that have no weights, and optional q/k/v clipping. */
final class Olmo {
  private Olmo() {}

  static Transformer build(OlmoConfig c, Weights w) throws BadInputException {
    int dim = c.hiddenSize();
    LayerNorm norm = new LayerNorm(dim, null, null, OlmoConfig.NORM_EPS);
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
            false,
            c.tiedEmbeddings(),
            c.clipQkv() == null ? 0 : c.clipQkv().floatValue())
        .build(w, prefix -> norm);
  }
}
