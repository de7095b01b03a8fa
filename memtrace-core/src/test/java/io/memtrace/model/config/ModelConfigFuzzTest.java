package io.memtrace.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.JsonMutations;
import io.memtrace.Mutations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated config.json files read as a config whose sizes are positive and whose end-of-text ids are
 * inside the vocabulary, or fail with a message naming config.json.
 */
class ModelConfigFuzzTest {
  private static final byte[] VALID =
      """
        {"architectures": ["LlamaForCausalLM"], "hidden_size": 64,
         "num_attention_heads": 8, "num_key_value_heads": 2, "num_hidden_layers": 2,
         "intermediate_size": 172, "vocab_size": 300, "eos_token_id": [2, 7],
         "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "tie_word_embeddings": false,
         "hidden_act": "silu", "rope_scaling": null}
        """
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void mutatedConfigReadsConsistentlyOrFailsNamingTheFile() {
    Mutations.run(VALID, 1, Mutations.cases(), "config.json", this::readConsistently);
  }

  /** Types swapped, keys dropped or given twice, extreme numbers, deep nesting. */
  @Test
  void configOfMutatedStructureReadsConsistentlyOrFailsNamingTheFile() {
    Mutations.run(
        JsonMutations::mutate, VALID, 1, Mutations.cases(), "config.json", this::readConsistently);
  }

  private void readConsistently(byte[] input) throws Exception {
    Files.write(dir.resolve("config.json"), input);
    ModelConfig c = ModelConfig.read(dir);
    assertThat(c.vocabSize()).isPositive();
    assertThat(c.hiddenSize()).isPositive();
    assertThat(c.layers()).isPositive();
    for (int eos : c.eosTokenIds()) {
      assertThat(eos).isBetween(0, c.vocabSize() - 1);
    }
  }

  /** The fuzz test's seed 13907 (before numbers were mutated): eos_token_id 7 turned into -7. */
  @Test
  void negativeEosIdIsRefused() throws Exception {
    String valid = new String(VALID, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("config.json"), valid.replace("[2, 7]", "[2, -7]"));
    assertThatThrownBy(() -> ModelConfig.read(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("config.json: eos_token_id -7 is not a token id");
  }
}
