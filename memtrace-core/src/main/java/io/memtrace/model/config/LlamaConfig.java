package io.memtrace.model.config;

import io.memtrace.BadInputException;
import java.util.List;

/**
 * {@code LlamaForCausalLM}: RMSNorm, SwiGLU MLP, rotary embedding over the whole head,
 * grouped-query attention with {@code num_key_value_heads}.
 */
public record LlamaConfig(
    int vocabSize,
    int hiddenSize,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int intermediateSize,
    int maxPositions,
    double ropeTheta,
    double rmsNormEps,
    Activation activation,
    boolean tiedEmbeddings,
    boolean attentionBias,
    boolean mlpBias,
    List<Integer> eosTokenIds)
    implements ModelConfig {
  public LlamaConfig {
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  static LlamaConfig from(ConfigFields f) throws BadInputException {
    int hidden = f.positiveInt("hidden_size");
    int heads = f.positiveInt("num_attention_heads");
    int kvHeads = f.positiveInt("num_key_value_heads", heads);
    if (heads % kvHeads != 0) {
      throw f.bad(heads + " attention heads cannot share " + kvHeads + " key/value heads evenly");
    }
    int headDim =
        f.has("head_dim") ? f.positiveInt("head_dim") : ModelConfig.headDim(f, hidden, heads);
    if (headDim % 2 != 0) throw f.bad("head size " + headDim + " is odd; rotary needs pairs");
    ModelConfig.requireNoRopeScaling(f);
    return new LlamaConfig(
        f.positiveInt("vocab_size"),
        hidden,
        f.positiveInt("num_hidden_layers"),
        heads,
        kvHeads,
        headDim,
        f.positiveInt("intermediate_size"),
        f.positiveInt("max_position_embeddings", 2048),
        f.positiveDouble("rope_theta", 10000),
        f.positiveDouble("rms_norm_eps", 1e-6),
        f.activation("hidden_act", "silu"),
        f.bool("tie_word_embeddings", false),
        f.bool("attention_bias", false),
        f.bool("mlp_bias", false),
        ModelConfig.eos(f));
  }

  @Override
  public String architecture() {
    return "LlamaForCausalLM";
  }
}
