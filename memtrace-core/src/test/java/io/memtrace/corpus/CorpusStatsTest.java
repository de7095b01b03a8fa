package io.memtrace.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorpusStatsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"1, 500, 1", "2, 70000, 2", "3, 300, 3", "4, 40, 1"})
  void matchesBruteForceCounts(long seed, int vocab, int threads) throws IOException {
    Random r = new Random(seed);
    Map<Integer, Long> counts = new HashMap<>();
    long tokens = 0, min = Long.MAX_VALUE, max = 0;
    int docs = 1 + r.nextInt(400);
    Path prefix = dir.resolve("s");
    try (var w = TokenStoreWriter.create(prefix, vocab)) {
      for (int d = 0; d < docs; d++) {
        int len = r.nextInt(10) == 0 ? 0 : r.nextInt(20_000);
        int[] doc = new int[len];
        for (int i = 0; i < len; i++) {
          // skewed ids so the ranking has clear winners and ties
          doc[i] = (int) Math.min(vocab - 1, Math.abs(r.nextGaussian()) * vocab / 3);
          counts.merge(doc[i], 1L, Long::sum);
        }
        tokens += len;
        min = Math.min(min, len);
        max = Math.max(max, len);
        w.add(doc);
      }
      w.commit();
    }
    AtomicLong progressed = new AtomicLong();
    CorpusStats stats;
    try (TokenStore store = TokenStore.open(prefix)) {
      stats = CorpusStats.compute(store, 10, threads, progressed::addAndGet);
    }
    List<CorpusStats.TokenCount> top =
        counts.entrySet().stream()
            .map(e -> new CorpusStats.TokenCount(e.getKey(), e.getValue()))
            .sorted(
                Comparator.comparingLong(CorpusStats.TokenCount::count)
                    .reversed()
                    .thenComparingInt(CorpusStats.TokenCount::id))
            .limit(10)
            .toList();
    assertThat(stats.documents()).isEqualTo(docs);
    assertThat(stats.tokens()).isEqualTo(tokens).isEqualTo(progressed.get());
    assertThat(stats.minDocumentTokens()).isEqualTo(min);
    assertThat(stats.maxDocumentTokens()).isEqualTo(max);
    assertThat(stats.meanDocumentTokens()).isEqualTo((double) tokens / docs);
    assertThat(stats.distinctTokens()).isEqualTo(counts.size());
    assertThat(stats.maxTokenId())
        .isEqualTo(counts.keySet().stream().mapToInt(i -> i).max().orElse(-1));
    assertThat(stats.top()).isEqualTo(top);
  }
}
