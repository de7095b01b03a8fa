package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Counts through the suffix-array sample (with and without the LCP scan of the block, at steps from
 * every suffix to one per shard) equal plain binary search and a scan of the documents, on seeded
 * random corpora of one shard or many; and the LCP file equals the naive LCP of neighbours.
 */
class SampledCountTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  private static List<int[]> ngrams(RandomCorpus corpus, Random r, int vocab) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      int[] doc = corpus.documents().get(r.nextInt(corpus.documents().size()));
      if (doc.length == 0 || r.nextInt(5) == 0) {
        out.add(RandomCorpus.tokens(r, vocab, 1 + r.nextInt(10)));
        continue;
      }
      int from = r.nextInt(doc.length);
      int len = 1 + r.nextInt(Math.min(doc.length - from, r.nextBoolean() ? 4 : 12));
      int[] q = Arrays.copyOfRange(doc, from, from + len);
      if (r.nextInt(4) == 0) q[r.nextInt(q.length)] = r.nextInt(vocab); // near misses
      out.add(q);
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sampledCountsEqualBinarySearchAndAScan(long seed) throws Exception {
    RandomCorpus corpus = RandomCorpus.of(seed);
    BruteForce truth = new BruteForce(corpus.documents());
    Path indexDir;
    try (IndexReader built = corpus.index(dir, seed % 2 == 0)) {
      indexDir = built.directory();
    }
    Random r = new Random(seed * 17 + 3);
    List<int[]> queries;
    try (IndexReader plain =
        IndexReader.open(indexDir, IndexReader.Options.DEFAULT.withSampleShare(0))) {
      queries = ngrams(corpus, r, plain.vocabSize());
      assertThat(plain.sampleBytes()).isZero();
      for (int[] q : queries) {
        assertThat(plain.count(q)).as("plain %s", Arrays.toString(q)).isEqualTo(truth.count(q));
      }
    }
    for (int step : new int[] {1, 2, 3, 7, 64, 0}) {
      var options = IndexReader.Options.DEFAULT.withSampleStep(step);
      try (IndexReader sampled = IndexReader.open(indexDir, options)) {
        assertThat(sampled.hasLcp()).isEqualTo(seed % 2 == 0);
        for (int[] q : queries) {
          assertThat(sampled.count(q))
              .as("step %d, %s", step, Arrays.toString(q))
              .isEqualTo(truth.count(q));
        }
        assertThat(sampled.sampleBytes()).isPositive();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void lcpFileEqualsTheNaiveLcpOfNeighbours(long seed) throws Exception {
    RandomCorpus corpus = seed % 2 == 0 ? RandomCorpus.of(seed) : RandomCorpus.periodic(seed);
    Path indexDir;
    try (IndexReader built = corpus.index(dir, false)) {
      indexDir = built.directory();
      assertThat(built.hasLcp()).isFalse();
    }
    assertThat(LcpFiles.add(indexDir, io.memtrace.Progress.NONE)).isPositive();
    try (IndexReader index = IndexReader.open(indexDir)) {
      assertThat(index.hasLcp()).isTrue();
      index.verify(io.memtrace.Progress.NONE);
      for (Shard shard : index.shards()) {
        int n = shard.length();
        int[] text = shard.tokens(0, n);
        int before = -1;
        for (int rank = 0; rank < n; rank++) {
          int pos = shard.suffix(rank);
          int l = 0;
          if (before >= 0) {
            while (pos + l < n && before + l < n && text[pos + l] == text[before + l]) l++;
          }
          assertThat(shard.lcp(rank)).as("rank %d", rank).isEqualTo(Math.min(l, 255));
          int next = pos + Math.min(l, 255) < n ? text[pos + Math.min(l, 255)] : shard.vocabSize();
          assertThat(shard.next(rank)).isEqualTo(next);
          before = pos;
        }
      }
    }
  }
}
