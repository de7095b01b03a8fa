package io.memtrace.model.arch;

import io.memtrace.BadInputException;
import io.memtrace.model.blocks.Attention;
import io.memtrace.model.blocks.Block;
import io.memtrace.model.blocks.GatedMlp;
import io.memtrace.model.blocks.Linear;
import io.memtrace.model.blocks.Norm;
import io.memtrace.model.blocks.QkvLayout;
import io.memtrace.model.blocks.Rotary;
import io.memtrace.model.blocks.Transformer;
import io.memtrace.model.config.Activation;
import io.memtrace.model.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The weight layout transformers uses for Llama and the models built like it (OLMo 1): separate
 * q/k/v/o projections, a gated MLP, rotary embedding over whole heads, {@code model.*} names and
 * {@code lm_head.weight}. Only the norms differ between them.
 */
record LlamaLayout(
    int dim,
    int heads,
    int kvHeads,
    int headDim,
    int intermediate,
    int vocab,
    int layers,
    double ropeTheta,
    Activation activation,
    boolean attentionBias,
    boolean mlpBias,
    boolean tiedEmbeddings,
    float clipQkv) {
  /** Makes the norm whose weights (if any) are called {@code prefix}.weight. */
  @FunctionalInterface
  interface Norms {
    Norm norm(String prefix) throws BadInputException;
  }

  Transformer build(Weights w, Norms norms) throws BadInputException {
    Rotary rotary = new Rotary(headDim, ropeTheta);
    int q = heads * headDim;
    int kv = kvHeads * headDim;
    List<Block> blocks = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      String p = "model.layers." + l + ".";
      Linear wq = linear(w, p + "self_attn.q_proj", q, dim, attentionBias); // (heads·hd, dim)
      Linear wk = linear(w, p + "self_attn.k_proj", kv, dim, attentionBias); // (kvHeads·hd, dim)
      Linear wv = linear(w, p + "self_attn.v_proj", kv, dim, attentionBias); // (kvHeads·hd, dim)
      Linear wo = linear(w, p + "self_attn.o_proj", dim, q, attentionBias); // (dim, heads·hd)
      Attention attention =
          new Attention(
              List.of(wq, wk, wv),
              new int[] {0, q, q + kv},
              QkvLayout.concatenated(heads, kvHeads, headDim),
              rotary,
              clipQkv,
              wo,
              heads,
              kvHeads,
              headDim);
      GatedMlp mlp =
          new GatedMlp(
              linear(w, p + "mlp.gate_proj", intermediate, dim, mlpBias), // (inter, dim)
              linear(w, p + "mlp.up_proj", intermediate, dim, mlpBias), // (inter, dim)
              activation,
              linear(w, p + "mlp.down_proj", dim, intermediate, mlpBias)); // (dim, inter)
      blocks.add(
          new Block(
              norms.norm(p + "input_layernorm"),
              attention,
              norms.norm(p + "post_attention_layernorm"),
              mlp,
              false));
    }
    Matrix embedding = w.matrix("model.embed_tokens.weight", vocab, dim); // (vocab, dim)
    Matrix head = tiedEmbeddings ? embedding : w.matrix("lm_head.weight", vocab, dim);
    return new Transformer(embedding, null, blocks, norms.norm("model.norm"), head);
  }

  private static Linear linear(Weights w, String prefix, int out, int in, boolean bias)
      throws BadInputException {
    return new Linear(
        w.matrix(prefix + ".weight", out, in), bias ? w.vector(prefix + ".bias", out) : null);
  }
}
