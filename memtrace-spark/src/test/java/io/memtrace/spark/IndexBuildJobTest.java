package io.memtrace.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusInputs;
import io.memtrace.corpus.TextSplit;
import io.memtrace.index.Cooccurrence;
import io.memtrace.index.IndexManifest;
import io.memtrace.index.IndexReader;
import io.memtrace.index.IndexWriter;
import io.memtrace.index.Occurrences;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark index answers every query as the single-JVM index of the same store: built in one
 * shard, and built with the same shard budget (then the shards are the same too).
 */
class IndexBuildJobTest {
  @TempDir static Path dir;
  static Path store;
  static long budget;
  static Path whole;
  static Path sameCut;

  @BeforeAll
  static void buildTheSingleJvmIndexes() throws Exception {
    Path corpus = dir.resolve("corpus");
    LocalSpark.jsonlFiles(corpus, 6, 200, 11);
    store = dir.resolve("store");
    try (Tokenizer tokenizer = Tokenizer.load(LocalSpark.TOKENIZER)) {
      CorpusIngest.run(
          CorpusInputs.resolve(List.of(corpus.toString()), TextSplit.PARAGRAPH, "text"),
          tokenizer,
          store,
          true,
          Progress.NONE);
    }
    try (TokenStore s = TokenStore.open(store)) {
      var meta = StoreMetadata.readIfPresent(store);
      int vocab = IndexWriter.vocabulary(s, meta);
      long symbols = s.tokenCount() + s.documentCount();
      budget = IndexWriter.shardPeakBytes(symbols / 4, s.documentCount() / 4, vocab);
      whole = dir.resolve("whole.index");
      IndexWriter.build(s, meta, whole, new IndexWriter.Options(1L << 30, 1), Progress.NONE);
      sameCut = dir.resolve("same-cut.index");
      IndexWriter.build(s, meta, sameCut, new IndexWriter.Options(budget, 1), Progress.NONE);
    }
  }

  @Test
  void everyQueryAnswersAsTheSingleJvmIndex() throws Exception {
    assertSameAnswers(build("spark.index", TaskProbe.NONE));
  }

  @Test
  void aTaskFailedAfterUploadingItsShardIsRetriedAndTheIndexIsTheSame() throws Exception {
    Path index = build("retried.index", LocalSpark.failFirstAttempts());
    assertSameAnswers(index);
    try (Stream<Path> files = Files.list(index)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .allMatch(IndexBuildJob::isIndexFile)
          .contains(IndexManifest.FILE);
    }
  }

  @Test
  void anOutputHoldingOtherFilesIsRefused() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "mine");
    assertThatThrownBy(
            () ->
                IndexBuildJob.run(
                    LocalSpark.session(),
                    new IndexBuildJob.Settings(store, other.toString(), budget, 1),
                    TaskProbe.NONE))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("notes.txt");
    assertThat(other.resolve("notes.txt")).exists();
  }

  private static Path build(String name, TaskProbe probe) throws Exception {
    Path out = dir.resolve(name);
    var result =
        IndexBuildJob.run(
            LocalSpark.session(),
            new IndexBuildJob.Settings(store, out.toUri().toString(), budget, 1),
            probe);
    assertThat(result.manifest().shards()).hasSizeGreaterThanOrEqualTo(3);
    return out;
  }

  private static List<Occurrences.Occurrence> sorted(List<Occurrences.Occurrence> o) {
    return o.stream()
        .sorted(
            java.util.Comparator.comparingLong(Occurrences.Occurrence::document)
                .thenComparingInt(Occurrences.Occurrence::offset))
        .toList();
  }

  private static void assertSameAnswers(Path spark) throws Exception {
    try (TokenStore s = TokenStore.open(store);
        IndexReader a = IndexReader.open(spark);
        IndexReader one = IndexReader.open(whole);
        IndexReader cut = IndexReader.open(sameCut)) {
      assertThat(a.manifest().shards()).isEqualTo(cut.manifest().shards());
      assertThat(a.manifest().storeFingerprint()).isEqualTo(one.manifest().storeFingerprint());
      assertThat(a.documentCount()).isEqualTo(one.documentCount());
      assertThat(a.tokenCount()).isEqualTo(one.tokenCount());
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < 300; i++) {
        long at = random.nextLong(s.tokenCount() - 8);
        int[] ngram = s.tokens(at, at + 1 + random.nextInt(5));
        int[] other = s.tokens(at + 3, at + 4 + random.nextInt(3));
        if (random.nextInt(10) == 0) ngram[0] = random.nextInt(a.vocabSize()); // may not occur
        assertThat(a.count(ngram)).as("count %s", ngram).isEqualTo(one.count(ngram));
        assertThat(Cooccurrence.documentFrequency(a, ngram))
            .isEqualTo(Cooccurrence.documentFrequency(one, ngram));
        var both = Cooccurrence.documents(a, ngram, other);
        var bothOne = Cooccurrence.documents(one, ngram, other);
        assertThat(both.documents()).isEqualTo(bothOne.documents());
        assertThat(both.occurrencesA()).isEqualTo(bothOne.occurrencesA());
        assertThat(both.occurrencesB()).isEqualTo(bothOne.occurrencesB());
        assertThat(sorted(Occurrences.page(a, ngram, 0, 1 << 20).occurrences()))
            .isEqualTo(sorted(Occurrences.page(one, ngram, 0, 1 << 20).occurrences()));
        assertThat(Occurrences.page(a, ngram, 3, 20).occurrences())
            .isEqualTo(Occurrences.page(cut, ngram, 3, 20).occurrences());
      }
    }
  }
}
