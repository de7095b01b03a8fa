package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.tokens.TokenStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row's window counts from LCP intervals equal a count query of the window's tokens, on
 * seeded random corpora of one shard or many (periodic ones too, whose windows repeat across
 * shards).
 */
class WindowCountsTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 36);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void windowCountsEqualPerRowCounts(long seed) throws Exception {
    RandomCorpus corpus = seed % 3 == 1 ? RandomCorpus.periodic(seed) : RandomCorpus.of(seed);
    int[] offsets = {0, 1 + (int) (seed % 5)};
    int[] widths = {1, 2 + (int) (seed % 7), 3 + (int) (seed % 11)};
    Path indexDir;
    try (IndexReader built = corpus.index(dir, true)) {
      indexDir = built.directory();
    }
    try (IndexReader index = IndexReader.open(indexDir);
        TokenStore store = TokenStore.open(dir.resolve("store"))) {
      assertThat(index.windowCounts()).isNull();
      WindowCounts.write(index, store, offsets, widths, null, Progress.NONE);
    }
    try (IndexReader index = IndexReader.open(indexDir);
        TokenStore store = TokenStore.open(dir.resolve("store"))) {
      WindowCounts windows = index.windowCounts();
      assertThat(windows).isNotNull();
      assertThat(windows.rows()).isEqualTo(store.sequenceCount());
      index.verify(Progress.NONE);
      for (long row = 0; row < store.sequenceCount(); row++) {
        int[] tokens = store.sequence(row);
        for (int o : offsets) {
          for (int w : widths) {
            long expected =
                o + w > tokens.length ? -1 : index.count(Arrays.copyOfRange(tokens, o, o + w));
            assertThat(windows.count(row, o, w))
                .as("row %d [%d, %d) of %d shards", row, o, o + w, index.shards().size())
                .isEqualTo(expected);
          }
        }
      }
    }
  }

  @Test
  void anIndexWithoutLcpIsRefused() throws Exception {
    RandomCorpus corpus = RandomCorpus.of(0);
    try (IndexReader index = corpus.index(dir, false);
        TokenStore store = TokenStore.open(dir.resolve("store"))) {
      assertThatThrownBy(
              () ->
                  WindowCounts.write(
                      index, store, new int[] {0}, new int[] {4}, null, Progress.NONE))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("index lcp");
    }
  }
}
