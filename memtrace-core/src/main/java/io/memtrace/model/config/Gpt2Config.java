package io.memtrace.model.config;

import io.memtrace.BadInputException;
import java.util.List;

/**
 * {@code GPT2LMHeadModel}: learned position embeddings, Conv1D weights stored (in, out), LayerNorm
 * with bias, output projection tied to the token embedding.
 */
public record Gpt2Config(
    int vocabSize,
    int hiddenSize,
    int layers,
    int heads,
    int intermediateSize,
    int maxPositions,
    double layerNormEps,
    Activation activation,
    boolean tiedEmbeddings,
    List<Integer> eosTokenIds)
    implements ModelConfig {
  public Gpt2Config {
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  static Gpt2Config from(ConfigFields f) throws BadInputException {
    int hidden = f.positiveInt("n_embd");
    int heads = f.positiveInt("n_head");
    ModelConfig.headDim(f, hidden, heads);
    if (f.bool("scale_attn_by_inverse_layer_idx", false)) {
      throw f.bad("scale_attn_by_inverse_layer_idx is not supported");
    }
    if (!f.bool("scale_attn_weights", true)) {
      throw f.bad("scale_attn_weights false is not supported");
    }
    return new Gpt2Config(
        f.positiveInt("vocab_size"),
        hidden,
        f.positiveInt("n_layer"),
        heads,
        f.positiveInt("n_inner", 4 * hidden),
        f.positiveInt("n_positions"),
        f.positiveDouble("layer_norm_epsilon", 1e-5),
        f.activation("activation_function", "gelu_new"),
        f.bool("tie_word_embeddings", true),
        ModelConfig.eos(f));
  }

  @Override
  public String architecture() {
    return "GPT2LMHeadModel";
  }

  @Override
  public int kvHeads() {
    return heads;
  }

  @Override
  public int headDim() {
    return hiddenSize / heads;
  }
}
