package io.memtrace.model.arch;

import io.memtrace.BadInputException;
import io.memtrace.model.blocks.Attention;
import io.memtrace.model.blocks.Block;
import io.memtrace.model.blocks.LayerNorm;
import io.memtrace.model.blocks.Linear;
import io.memtrace.model.blocks.PlainMlp;
import io.memtrace.model.blocks.QkvLayout;
import io.memtrace.model.blocks.Rotary;
import io.memtrace.model.blocks.Transformer;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/** GPT-NeoX (Pythia) in transformers' weight layout. */
final class GptNeoX {
  private GptNeoX() {}

  static Transformer build(GptNeoXConfig c, Weights w) throws BadInputException {
    int dim = c.hiddenSize();
    int inter = c.intermediateSize();
    int hd = c.headDim();
    Rotary rotary = c.rotaryDims() == 0 ? null : new Rotary(c.rotaryDims(), c.rotaryBase());
    List<Block> blocks = new ArrayList<>();
    for (int l = 0; l < c.layers(); l++) {
      String p = "gpt_neox.layers." + l + ".";
      Linear qkv = // (3 · dim, dim), per head [q k v]
          new Linear(
              w.matrix(p + "attention.query_key_value.weight", 3 * dim, dim),
              c.attentionBias() ? w.vector(p + "attention.query_key_value.bias", 3 * dim) : null);
      Linear dense = // (dim, dim)
          new Linear(
              w.matrix(p + "attention.dense.weight", dim, dim),
              c.attentionBias() ? w.vector(p + "attention.dense.bias", dim) : null);
      Attention attention =
          new Attention(
              List.of(qkv),
              new int[] {0},
              QkvLayout.interleavedPerHead(c.heads(), hd),
              rotary,
              0,
              dense,
              c.heads(),
              c.heads(),
              hd);
      PlainMlp mlp =
          new PlainMlp(
              new Linear( // (inter, dim)
                  w.matrix(p + "mlp.dense_h_to_4h.weight", inter, dim),
                  w.vector(p + "mlp.dense_h_to_4h.bias", inter)),
              c.activation(),
              new Linear( // (dim, inter)
                  w.matrix(p + "mlp.dense_4h_to_h.weight", dim, inter),
                  w.vector(p + "mlp.dense_4h_to_h.bias", dim)));
      blocks.add(
          new Block(
              layerNorm(w, p + "input_layernorm", c),
              attention,
              layerNorm(w, p + "post_attention_layernorm", c),
              mlp,
              c.parallelResidual()));
    }
    Matrix embedding = w.matrix("gpt_neox.embed_in.weight", c.vocabSize(), dim); // (vocab, dim)
    Matrix head = c.tiedEmbeddings() ? embedding : w.matrix("embed_out.weight", c.vocabSize(), dim);
    return new Transformer(
        embedding, null, blocks, layerNorm(w, "gpt_neox.final_layer_norm", c), head);
  }

  private static LayerNorm layerNorm(Weights w, String prefix, GptNeoXConfig c)
      throws BadInputException {
    int dim = c.hiddenSize();
    return new LayerNorm(
        dim, w.vector(prefix + ".weight", dim), w.vector(prefix + ".bias", dim), c.layerNormEps());
  }
}
