package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded corpus, through the whole path: train, write, load in the Rust library, encode. */
class EuroparlTokenizerTest {
  @TempDir Path dir;

  @Test
  void everyDocumentRoundTripsThroughATokenizerTrainedOnIt() throws IOException {
    List<String> documents = Europarl.documents();
    BpeModel model =
        new BpeTrainer(8192, List.of("<|endoftext|>", "<|padding|>")).train(documents.stream());
    TokenizerJsonWriter.write(model, dir.resolve("tokenizer.json"));

    try (Tokenizer tokenizer = Tokenizer.load(dir)) {
      assertThat(tokenizer.vocabSize()).isEqualTo(8192);
      assertThat(tokenizer.eosId()).hasValue(0);
      int[][] ids = tokenizer.encodeBatch(documents);
      for (int i = 0; i < documents.size(); i++) {
        assertThat(tokenizer.decode(ids[i])).isEqualTo(documents.get(i));
        if (i % 200 == 0) {
          assertThat(ids[i]).containsExactly(ints(NaiveBpe.encode(model, documents.get(i))));
        }
      }
    }
  }

  private static int[] ints(List<Integer> ids) {
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}
