package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated {@code .idx} files open as a consistent store or fail with a message naming the file: the
 * layout adds up to the {@code .bin}, documents run forward and every token can be read.
 */
class TokenStoreFuzzTest {
  @TempDir Path dir;

  @Test
  void mutatedIdxOpensConsistentlyOrFailsNamingTheFile() throws Exception {
    Path prefix = dir.resolve("store");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 1000)) {
      w.add(new int[] {1, 2, 3, 4, 5});
      w.add(new int[0]);
      w.add(new int[] {6, 7, 8});
      w.add(new int[] {999});
      w.commit();
    }
    Path idx = dir.resolve("store.idx");
    byte[] valid = Files.readAllBytes(idx);
    Mutations.run(
        valid,
        1,
        Mutations.cases(),
        "store.",
        input -> {
          Files.write(idx, input);
          try (TokenStore store = TokenStore.open(prefix)) {
            checkConsistent(store);
          }
        });
  }

  static void checkConsistent(TokenStore store) {
    long total = 0;
    for (long i = 0; i < store.sequenceCount(); i++) {
      assertThat(store.sequenceStart(i)).isEqualTo(total);
      total += store.sequenceLength(i);
      assertThat(store.sequence(i)).hasSize(store.sequenceLength(i));
    }
    assertThat(total).isEqualTo(store.tokenCount());
    long previousEnd = 0;
    for (long d = 0; d < store.documentCount(); d++) {
      assertThat(store.documentStart(d)).isEqualTo(previousEnd);
      assertThat(store.documentEnd(d)).isGreaterThanOrEqualTo(store.documentStart(d));
      previousEnd = store.documentEnd(d);
    }
    assertThat(previousEnd).isEqualTo(store.tokenCount());
    assertThat(store.tokens(0, store.tokenCount())).hasSize((int) store.tokenCount());
  }
}
