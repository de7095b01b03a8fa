package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.Progress;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import java.nio.file.Files;
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
 * Shards built one by one, in any order, by {@link IndexWriter#buildShard} on {@link
 * IndexWriter#plan}'s cut, with a manifest written after them (what a Spark task per shard and its
 * driver do), make the index {@link IndexWriter#build} makes: the same shards, the same counts as a
 * scan of the documents.
 */
class ShardsBuiltApartTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(1, 9).filter(s -> s % 3 != 0);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void shardsBuiltApartMakeTheIndexOfOneBuild(long seed) throws Exception {
    RandomCorpus corpus = RandomCorpus.of(seed);
    try (IndexReader built = corpus.index(dir)) {
      Path prefix = dir.resolve("store");
      StoreMetadata metadata = StoreMetadata.readIfPresent(prefix);
      Path apart = Files.createDirectories(dir.resolve("apart"));
      long budget =
          IndexWriter.shardPeakBytes(
              built.manifest().shards().stream()
                  .mapToInt(IndexManifest.Shard::length)
                  .max()
                  .orElse(1),
              built.manifest().shards().stream()
                  .mapToInt(IndexManifest.Shard::documents)
                  .max()
                  .orElse(1),
              built.vocabSize());
      try (TokenStore store = TokenStore.open(prefix)) {
        int vocab = IndexWriter.vocabulary(store, metadata);
        List<IndexWriter.ShardPlan> plans = IndexWriter.plan(store, vocab, budget);
        byte[] id = IndexWriter.newId();
        IndexManifest.Shard[] shards = new IndexManifest.Shard[plans.size()];
        for (int n = plans.size() - 1; n >= 0; n--) { // any order: the tasks are independent
          shards[n] =
              IndexWriter.buildShard(store, plans.get(n), apart, n, id, vocab, 1, Progress.NONE);
        }
        IndexWriter.manifest(store, metadata, vocab, Arrays.asList(shards)).write(apart, id);
      }
      BruteForce truth = new BruteForce(corpus.documents());
      Random r = new Random(seed);
      try (IndexReader index = IndexReader.open(apart)) {
        assertThat(index.manifest().shards()).isEqualTo(built.manifest().shards());
        assertThat(index.manifest().storeFingerprint())
            .isEqualTo(built.manifest().storeFingerprint());
        List<int[]> docs = new ArrayList<>(corpus.documents());
        for (int q = 0; q < 50; q++) {
          int[] doc = docs.get(r.nextInt(docs.size()));
          int[] ngram =
              doc.length == 0
                  ? new int[] {r.nextInt(index.vocabSize())}
                  : Arrays.copyOfRange(doc, 0, 1 + r.nextInt(Math.min(doc.length, 4)));
          assertThat(index.count(ngram)).isEqualTo(truth.count(ngram));
          assertThat(Cooccurrence.documentFrequency(index, ngram))
              .isEqualTo(truth.documentFrequency(ngram));
        }
      }
    }
  }
}
