package io.memtrace.model.config;

import io.memtrace.BadInputException;
import java.util.List;

/**
 * {@code OlmoForCausalLM} (OLMo 1 in transformers' layout): the Llama block with LayerNorms that
 * have no weight or bias (eps 1e-5), and optional clipping of queries, keys and values to {@code
 * [-clip_qkv, clip_qkv]}.
 */
public record OlmoConfig(
    int vocabSize,
    int hiddenSize,
    int layers,
    int heads,
    int kvHeads,
    int intermediateSize,
    int maxPositions,
    double ropeTheta,
    Activation activation,
    boolean tiedEmbeddings,
    boolean attentionBias,
    Double clipQkv,
    List<Integer> eosTokenIds)
    implements ModelConfig {
  /** OLMo's LayerNorm epsilon, fixed in its code rather than read from the config. */
  public static final double NORM_EPS = 1e-5;

  public OlmoConfig {
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  static OlmoConfig from(ConfigFields f) throws BadInputException {
    int hidden = f.positiveInt("hidden_size");
    int heads = f.positiveInt("num_attention_heads");
    int kvHeads = f.positiveInt("num_key_value_heads", heads);
    if (heads % kvHeads != 0) {
      throw f.bad(heads + " attention heads cannot share " + kvHeads + " key/value heads evenly");
    }
    if (ModelConfig.headDim(f, hidden, heads) % 2 != 0) {
      throw f.bad("head size " + hidden / heads + " is odd; rotary needs pairs");
    }
    ModelConfig.requireNoRopeScaling(f);
    return new OlmoConfig(
        f.positiveInt("vocab_size"),
        hidden,
        f.positiveInt("num_hidden_layers"),
        heads,
        kvHeads,
        f.positiveInt("intermediate_size"),
        f.positiveInt("max_position_embeddings", 2048),
        f.positiveDouble("rope_theta", 10000),
        f.activation("hidden_act", "silu"),
        f.bool("tie_word_embeddings", false),
        f.bool("attention_bias", false),
        f.has("clip_qkv") ? f.positiveDouble("clip_qkv", 0) : null,
        ModelConfig.eos(f));
  }

  @Override
  public String architecture() {
    return "OlmoForCausalLM";
  }

  @Override
  public int headDim() {
    return hiddenSize / heads;
  }
}
