package io.memtrace.model.training;

import io.memtrace.model.config.GptNeoXConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code config.json} transformers' {@code GPTNeoXForCausalLM} reads for a GPT-NeoX model. */
final class NeoXConfigJson {
  private NeoXConfigJson() {}

  static Map<String, Object> of(GptNeoXConfig c, double initializerRange) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architectures", List.of("GPTNeoXForCausalLM"));
    m.put("model_type", "gpt_neox");
    m.put("vocab_size", c.vocabSize());
    m.put("hidden_size", c.hiddenSize());
    m.put("num_hidden_layers", c.layers());
    m.put("num_attention_heads", c.heads());
    m.put("intermediate_size", c.intermediateSize());
    m.put(
        "hidden_act",
        switch (c.activation()) {
          case GELU -> "gelu";
          case GELU_TANH -> "gelu_new";
          case SILU -> "silu";
          case RELU -> "relu";
        });
    m.put("rotary_pct", c.rotaryPct());
    m.put("rotary_emb_base", c.rotaryBase());
    m.put("max_position_embeddings", c.maxPositions());
    m.put("layer_norm_eps", c.layerNormEps());
    m.put("use_parallel_residual", c.parallelResidual());
    m.put("tie_word_embeddings", false);
    m.put("attention_bias", true);
    m.put("attention_dropout", 0.0);
    m.put("hidden_dropout", 0.0);
    m.put("initializer_range", initializerRange);
    if (!c.eosTokenIds().isEmpty()) {
      m.put("bos_token_id", c.eosTokenIds().get(0));
      m.put("eos_token_id", c.eosTokenIds().get(0));
    }
    m.put("torch_dtype", "float32");
    m.put("use_cache", true);
    return m;
  }
}
