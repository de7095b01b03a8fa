package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
