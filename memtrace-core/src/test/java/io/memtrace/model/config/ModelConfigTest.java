package io.memtrace.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {
  @TempDir Path dir;

  private ModelConfig read(String json) throws IOException {
    Files.writeString(dir.resolve("config.json"), json);
    return ModelConfig.read(dir);
  }

  @Test
  void pythiaConfigWithTransformersDefaults() throws IOException {
    ModelConfig c =
        read(
            """
            {"architectures": ["GPTNeoXForCausalLM"], "hidden_size": 768,
             "num_attention_heads": 12, "num_hidden_layers": 12, "intermediate_size": 3072,
             "vocab_size": 50304, "rotary_pct": 0.25, "rotary_emb_base": 10000,
             "use_parallel_residual": true, "hidden_act": "gelu", "eos_token_id": 0,
             "max_position_embeddings": 2048, "layer_norm_eps": 1e-05}
            """);
    assertThat(c).isInstanceOf(GptNeoXConfig.class);
    GptNeoXConfig neox = (GptNeoXConfig) c;
    assertThat(neox.headDim()).isEqualTo(64);
    assertThat(neox.rotaryDims()).isEqualTo(16);
    assertThat(neox.activation()).isEqualTo(Activation.GELU);
    assertThat(neox.tiedEmbeddings()).isFalse();
    assertThat(neox.kvHeads()).isEqualTo(12);
    assertThat(neox.eosTokenIds()).containsExactly(0);
  }

  @Test
  void llamaDefaultsAndGroupedQueryAttention() throws IOException {
    LlamaConfig c =
        (LlamaConfig)
            read(
                """
                {"architectures": ["LlamaForCausalLM"], "hidden_size": 64,
                 "num_attention_heads": 8, "num_key_value_heads": 2, "num_hidden_layers": 2,
                 "intermediate_size": 172, "vocab_size": 300, "eos_token_id": [2, 7]}
                """);
    assertThat(c.headDim()).isEqualTo(8);
    assertThat(c.kvHeads()).isEqualTo(2);
    assertThat(c.rmsNormEps()).isEqualTo(1e-6);
    assertThat(c.ropeTheta()).isEqualTo(10000);
    assertThat(c.activation()).isEqualTo(Activation.SILU);
    assertThat(c.eosTokenIds()).containsExactly(2, 7);
  }

  @Test
  void gpt2NamesAndTiedHead() throws IOException {
    Gpt2Config c =
        (Gpt2Config)
            read(
                """
                {"architectures": ["GPT2LMHeadModel"], "n_embd": 48, "n_head": 4, "n_layer": 2,
                 "n_positions": 64, "n_inner": null, "vocab_size": 100,
                 "activation_function": "gelu_new"}
                """);
    assertThat(c.intermediateSize()).isEqualTo(192);
    assertThat(c.tiedEmbeddings()).isTrue();
    assertThat(c.activation()).isEqualTo(Activation.GELU_TANH);
    assertThat(c.eosTokenIds()).isEmpty();
  }

  @Test
  void olmoClipQkv() throws IOException {
    OlmoConfig c =
        (OlmoConfig)
            read(
                """
                {"architectures": ["OlmoForCausalLM"], "hidden_size": 32,
                 "num_attention_heads": 4, "num_hidden_layers": 1, "intermediate_size": 64,
                 "vocab_size": 50, "clip_qkv": 8.0, "tie_word_embeddings": true}
                """);
    assertThat(c.clipQkv()).isEqualTo(8.0);
    assertThat(c.tiedEmbeddings()).isTrue();
    assertThat(c.kvHeads()).isEqualTo(4);
  }

  @Test
  void unknownArchitectureNamesTheSupportedOnes() {
    assertThatThrownBy(() -> read("{\"architectures\": [\"MambaForCausalLM\"]}"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("MambaForCausalLM is not supported")
        .hasMessageContaining("GPTNeoXForCausalLM");
    assertThatThrownBy(() -> read("{\"hidden_size\": 4}"))
        .hasMessageContaining("no \"architectures\"");
  }

  @Test
  void missingOrInvalidFieldsNameTheField() {
    assertThatThrownBy(
            () ->
                read(
                    "{\"architectures\": [\"GPTNeoXForCausalLM\"], \"hidden_size\": 64,"
                        + " \"num_attention_heads\": 4, \"vocab_size\": 10}"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("config.json")
        .hasMessageContaining("num_hidden_layers is missing");
    assertThatThrownBy(
            () ->
                read(
                    "{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": 64,"
                        + " \"num_attention_heads\": 6, \"num_hidden_layers\": 1,"
                        + " \"intermediate_size\": 8, \"vocab_size\": 10}"))
        .hasMessageContaining("not a multiple of the 6 heads");
    assertThatThrownBy(
            () ->
                read(
                    "{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": 64,"
                        + " \"num_attention_heads\": 4, \"num_hidden_layers\": 1,"
                        + " \"intermediate_size\": 8, \"vocab_size\": 10,"
                        + " \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8}}"))
        .hasMessageContaining("rope_scaling");
    assertThatThrownBy(
            () ->
                read(
                    "{\"architectures\": [\"GPTNeoXForCausalLM\"], \"hidden_size\": 64,"
                        + " \"num_attention_heads\": 4, \"num_hidden_layers\": 1,"
                        + " \"vocab_size\": 10, \"hidden_act\": \"mish\"}"))
        .hasMessageContaining("activation 'mish' is not supported");
    assertThatThrownBy(() -> ModelConfig.read(dir.resolve("nowhere")))
        .hasMessageContaining("no such file");
  }

  @Test
  void endOfTextIdsOutsideTheVocabularyNameConfigJson() {
    String llama =
        """
        {"architectures": ["LlamaForCausalLM"], "hidden_size": 64,
         "num_attention_heads": 8, "num_hidden_layers": 2,
         "intermediate_size": 172, "vocab_size": 300, "eos_token_id": %s}
        """;
    assertThatThrownBy(() -> read(llama.formatted("300")))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(dir.resolve("config.json") + ": ")
        .hasMessageContaining("eos_token_id 300 is not a token id; expected one in 0..299");
    assertThatThrownBy(() -> read(llama.formatted("[2, -1]")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("config.json: eos_token_id -1 is not a token id");
    assertThatThrownBy(() -> read(llama.formatted("[2, 4294967298]")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("config.json: eos_token_id is [2,4294967298]; expected integers");
  }
}
