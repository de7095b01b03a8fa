package io.memtrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.Progress;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusInputs;
import io.memtrace.corpus.TextSplit;
import io.memtrace.index.DocumentSets;
import io.memtrace.index.IndexReader;
import io.memtrace.index.IndexWriter;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.NgramDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Study B's pair counts summed over the shards of a sharded index equal the counts {@code trace}
 * computes ({@link NgramDocuments}, {@link DocumentSets}) on a one-shard index of the same store.
 */
class PairCountJobTest {
  @TempDir static Path dir;
  static Path sharded;
  static Path whole;
  static Path pairs;

  @BeforeAll
  static void indexesAndPairs() throws Exception {
    Path corpus = dir.resolve("corpus");
    LocalSpark.jsonlFiles(corpus, 4, 150, 21);
    Path store = dir.resolve("store");
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
      long budget =
          IndexWriter.shardPeakBytes(
              (s.tokenCount() + s.documentCount()) / 5, s.documentCount() / 5, vocab);
      sharded = dir.resolve("sharded.index");
      IndexWriter.build(s, meta, sharded, new IndexWriter.Options(budget, 1), Progress.NONE);
      whole = dir.resolve("whole.index");
      IndexWriter.build(s, meta, whole, new IndexWriter.Options(1L << 30, 1), Progress.NONE);
    }
    SplittableRandom random = new SplittableRandom(2);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      lines.add("{\"input\": \"" + ngram(random) + "\", \"output\": \"" + ngram(random) + "\"}");
    }
    lines.add("{\"input\": \"Spain\", \"output\": \"the council\"}");
    pairs = dir.resolve("pairs.jsonl");
    Files.write(pairs, lines);
  }

  private static String ngram(SplittableRandom random) {
    String[] words = LocalSpark.document(random).split(" ");
    int n = 1 + random.nextInt(Math.min(3, words.length));
    return String.join(" ", List.of(words).subList(0, n));
  }

  @Test
  void aTasksCandidatesAreItsExamplesInputNgramsCrossedWithItsOutputNgrams() throws Exception {
    var task = io.memtrace.tracing.tasks.CountryNamesTask.of("de");
    List<PairCountJob.Pair> pairs = PairCountJob.candidates(List.of(task), 1, 2);
    var candidates = io.memtrace.tracing.TaskGramMiner.candidates(task, 1, 2);
    assertThat(pairs)
        .isNotEmpty()
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            candidates.stream()
                .map(c -> new PairCountJob.Pair(c.input().text(), c.output().text()))
                .distinct()
                .toList());
  }

  @Test
  void countsSummedOverShardsEqualTheOneIndexCounts() throws Exception {
    assertCountsOfTheWholeIndex("counts", TaskProbe.NONE);
  }

  @Test
  void aTaskFailedAfterCountingIsRetriedAndTheCountsAreTheSame() throws Exception {
    assertCountsOfTheWholeIndex("retried", LocalSpark.failFirstAttempts());
  }

  private void assertCountsOfTheWholeIndex(String name, TaskProbe probe) throws Exception {
    Path out = dir.resolve(name);
    var result =
        PairCountJob.run(
            LocalSpark.session(),
            new PairCountJob.Settings(
                sharded, PairCountJob.read(pairs), null, out.toUri().toString()),
            probe);
    assertThat(result.shards()).isGreaterThanOrEqualTo(4);
    List<PairCountJob.Pair> given = PairCountJob.read(pairs);
    List<PairCountJob.Counted> truth = new ArrayList<>();
    try (IndexReader index = IndexReader.open(whole);
        Tokenizer tokenizer = index.tokenizer(null)) {
      NgramDocuments documents = new NgramDocuments(index, tokenizer);
      for (PairCountJob.Pair p : given) {
        DocumentSets.Documents x = documents.of(p.input());
        DocumentSets.Documents y = documents.of(p.output());
        truth.add(
            new PairCountJob.Counted(
                p.input(),
                p.output(),
                x.size(),
                y.size(),
                DocumentSets.intersect(x, y),
                x.occurrences()));
      }
    }
    assertThat(result.pairs()).isEqualTo(truth);
    assertThat(truth).anyMatch(c -> c.documentsBoth() > 0).anyMatch(c -> c.documentsBoth() == 0);

    List<Row> written =
        LocalSpark.session().read().parquet(out.toUri().toString()).orderBy("pair").collectAsList();
    assertThat(written).hasSize(truth.size());
    for (int i = 0; i < truth.size(); i++) {
      PairCountJob.Counted c = truth.get(i);
      Row r = written.get(i);
      assertThat(r.getInt(0)).isEqualTo(i);
      assertThat(
              List.of(
                  r.getString(1),
                  r.getString(2),
                  r.getLong(3),
                  r.getLong(4),
                  r.getLong(5),
                  r.getLong(6)))
          .isEqualTo(
              List.<Object>of(
                  c.input(),
                  c.output(),
                  c.documentsInput(),
                  c.documentsOutput(),
                  c.documentsBoth(),
                  c.occurrencesInput()));
    }
  }
}
