package io.memtrace.model.config;

import io.memtrace.BadInputException;
import java.util.List;

/**
 * {@code GPTNeoXForCausalLM} (Pythia): parallel residual, rotary embedding on the first {@code
 * rotary_pct} of each head, LayerNorm with bias, untied output embedding.
 */
public record GptNeoXConfig(
    int vocabSize,
    int hiddenSize,
    int layers,
    int heads,
    int intermediateSize,
    int maxPositions,
    double rotaryPct,
    double rotaryBase,
    double layerNormEps,
    boolean parallelResidual,
    Activation activation,
    boolean tiedEmbeddings,
    boolean attentionBias,
    List<Integer> eosTokenIds)
    implements ModelConfig {
  public GptNeoXConfig {
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  static GptNeoXConfig from(ConfigFields f) throws BadInputException {
    int hidden = f.positiveInt("hidden_size");
    int heads = f.positiveInt("num_attention_heads");
    ModelConfig.headDim(f, hidden, heads);
    ModelConfig.requireNoRopeScaling(f);
    double pct = f.positiveDouble("rotary_pct", f.positiveDouble("partial_rotary_factor", 0.25));
    if (pct > 1) throw f.bad("rotary_pct is " + pct + "; expected at most 1");
    var config =
        new GptNeoXConfig(
            f.positiveInt("vocab_size"),
            hidden,
            f.positiveInt("num_hidden_layers"),
            heads,
            f.positiveInt("intermediate_size", 4 * hidden),
            f.positiveInt("max_position_embeddings", 2048),
            pct,
            f.positiveDouble("rope_theta", f.positiveDouble("rotary_emb_base", 10000)),
            f.positiveDouble("layer_norm_eps", 1e-5),
            f.bool("use_parallel_residual", true),
            f.activation("hidden_act", "gelu"),
            f.bool("tie_word_embeddings", false),
            f.bool("attention_bias", true),
            ModelConfig.eos(f));
    if (config.rotaryDims() % 2 != 0) {
      throw f.bad(
          "rotary_pct "
              + pct
              + " of head size "
              + config.headDim()
              + " gives "
              + config.rotaryDims()
              + " rotary dimensions; expected an even number");
    }
    return config;
  }

  @Override
  public String architecture() {
    return "GPTNeoXForCausalLM";
  }

  @Override
  public int kvHeads() {
    return heads;
  }

  @Override
  public int headDim() {
    return hiddenSize / heads;
  }

  /** Dimensions of each head that rotate: {@code int(head_dim * rotary_pct)}, as in GPT-NeoX. */
  public int rotaryDims() {
    return (int) (headDim() * rotaryPct);
  }
}
