package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutated tokenizer.json files load as a tokenizer that encodes to non-negative ids and decodes
 * them again, or fail with a message naming tokenizer.json.
 */
class TokenizerFuzzTest {
  @TempDir Path dir;

  @Test
  void mutatedTokenizerLoadsConsistentlyOrFailsNamingTheFile() throws Exception {
    List<String> documents = new RandomTexts(7).documents(10, 40);
    BpeModel model = new BpeTrainer(300, List.of("<|endoftext|>")).train(documents.stream());
    Path file = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(model, file);
    byte[] valid = Files.readAllBytes(file);
    String text = documents.getFirst();
    Mutations.run(
        valid,
        1,
        Mutations.cases(),
        "tokenizer.json",
        input -> {
          Files.write(file, input);
          try (Tokenizer t = Tokenizer.load(file)) {
            int[] ids = t.encode(text);
            for (int id : ids) {
              assertThat(id).isNotNegative();
            }
            assertThat(t.decode(ids)).isNotNull();
            t.eosId().ifPresent(eos -> assertThat(eos).isBetween(0, t.vocabSize() - 1));
          }
        });
  }

  /**
   * Seed 153 of the fuzz test set a vocabulary id to 2147483647: the library loaded it and the
   * vocabulary size overflowed, so decode refused every id.
   */
  @ParameterizedTest
  @ValueSource(strings = {"2147483647", "-1", "4294967296", "1.5"})
  void vocabularyIdsThatAreNotTokenIdsAreRefused(String id) throws Exception {
    List<String> documents = new RandomTexts(7).documents(10, 40);
    BpeModel model = new BpeTrainer(300, List.of("<|endoftext|>")).train(documents.stream());
    Path file = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(model, file);
    String json =
        Files.readString(file).replaceFirst("(\"vocab\" *: *\\{[^}]*?: *)\\d+", "$1" + id);
    Files.writeString(file, json);
    assertThatThrownBy(() -> Tokenizer.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": model.vocab \"")
        .hasMessageContaining("has id " + id + ", expected a token id in 0..2147483646");
  }
}
