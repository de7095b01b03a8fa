package io.memtrace.model.arch;

import io.memtrace.BadInputException;
import io.memtrace.model.blocks.Attention;
import io.memtrace.model.blocks.Block;
import io.memtrace.model.blocks.LayerNorm;
import io.memtrace.model.blocks.Linear;
import io.memtrace.model.blocks.PlainMlp;
import io.memtrace.model.blocks.QkvLayout;
import io.memtrace.model.blocks.Transformer;
import io.memtrace.model.config.Gpt2Config;
import io.memtrace.model.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2: learned positions, Conv1D weights stored (in, out) and transposed at load, output tied to
 * the token embedding. Checkpoints saved from the bare GPT2Model (as the original {@code gpt2}
 * repository) lack the {@code transformer.} prefix; both spellings load.
 */
final class Gpt2 {
  private Gpt2() {}

  static Transformer build(Gpt2Config c, Weights w) throws BadInputException {
    String root = w.has("transformer.wte.weight") ? "transformer." : "";
    int dim = c.hiddenSize();
    int inter = c.intermediateSize();
    int hd = c.headDim();
    List<Block> blocks = new ArrayList<>();
    for (int l = 0; l < c.layers(); l++) {
      String p = root + "h." + l + ".";
      Attention attention =
          new Attention(
              List.of(conv1d(w, p + "attn.c_attn", dim, 3 * dim)), // (3·dim, dim) after transpose
              new int[] {0},
              QkvLayout.concatenated(c.heads(), c.heads(), hd),
              null,
              0,
              conv1d(w, p + "attn.c_proj", dim, dim),
              c.heads(),
              c.heads(),
              hd);
      PlainMlp mlp =
          new PlainMlp(
              conv1d(w, p + "mlp.c_fc", dim, inter), // (inter, dim)
              c.activation(),
              conv1d(w, p + "mlp.c_proj", inter, dim)); // (dim, inter)
      blocks.add(
          new Block(
              layerNorm(w, p + "ln_1", c), attention, layerNorm(w, p + "ln_2", c), mlp, false));
    }
    Matrix tokens = w.matrix(root + "wte.weight", c.vocabSize(), dim); // (vocab, dim)
    Matrix positions = w.matrix(root + "wpe.weight", c.maxPositions(), dim); // (positions, dim)
    Matrix head = c.tiedEmbeddings() ? tokens : w.matrix("lm_head.weight", c.vocabSize(), dim);
    return new Transformer(tokens, positions, blocks, layerNorm(w, root + "ln_f", c), head);
  }

  private static Linear conv1d(Weights w, String prefix, int in, int out) throws BadInputException {
    return new Linear(w.transposed(prefix + ".weight", in, out), w.vector(prefix + ".bias", out));
  }

  private static LayerNorm layerNorm(Weights w, String prefix, Gpt2Config c)
      throws BadInputException {
    int dim = c.hiddenSize();
    return new LayerNorm(
        dim, w.vector(prefix + ".weight", dim), w.vector(prefix + ".bias", dim), c.layerNormEps());
  }
}
