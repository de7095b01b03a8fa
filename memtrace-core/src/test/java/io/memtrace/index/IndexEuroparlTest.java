package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.Progress;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusSample;
import io.memtrace.corpus.EuroparlCorpus;
import io.memtrace.tokens.BpeTrainer;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tokens.TokenizerJsonWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Europarl corpus, ingested and indexed in three shards, against brute force. */
class IndexEuroparlTest {
  @TempDir static Path dir;
  static Path store;
  static IndexReader index;
  static BruteForce truth;
  static long tokens;

  @BeforeAll
  static void buildIndex() throws IOException {
    List<String> sample = CorpusSample.firstTexts(new EuroparlCorpus(), 1_000_000, Progress.NONE);
    Path tokenizerFile = dir.resolve("tokenizer.json");
    TokenizerJsonWriter.write(
        new BpeTrainer(1024, List.of("<|endoftext|>", "<|padding|>")).train(sample.stream()),
        tokenizerFile);
    store = dir.resolve("europarl");
    try (Tokenizer tokenizer = Tokenizer.load(tokenizerFile)) {
      CorpusIngest.run(new EuroparlCorpus(), tokenizer, store, true, Progress.NONE);
    }
    List<int[]> docs = new ArrayList<>();
    try (TokenStore s = TokenStore.open(store)) {
      for (long d = 0; d < s.documentCount(); d++) docs.add(s.document(d));
      tokens = s.tokenCount();
      long budget = IndexWriter.shardPeakBytes(tokens / 3 + 20_000, s.documentCount(), 1024);
      IndexWriter.build(
          s,
          StoreMetadata.readIfPresent(store),
          dir.resolve("index"),
          new IndexWriter.Options(budget, 2),
          Progress.NONE);
    }
    truth = new BruteForce(docs);
    index = IndexReader.open(dir.resolve("index"));
  }

  @AfterAll
  static void close() {
    index.close();
  }

  @Test
  void isShardedAndSmallerThanSevenBytesPerToken() throws IOException {
    assertThat(index.shards()).hasSize(3);
    assertThat(index.tokenCount()).isEqualTo(tokens);
    long bytes;
    try (var files = java.nio.file.Files.list(index.directory())) {
      bytes = files.mapToLong(f -> f.toFile().length()).sum();
    }
    assertThat((double) bytes / tokens).isLessThan(7);
    index.verify(Progress.NONE);
  }

  @Test
  void textQueriesGoThroughTheStoresTokenizer() throws IOException {
    try (Tokenizer tokenizer = index.tokenizer(null);
        TokenStore s = TokenStore.open(store)) {
      index.requireStore(s);
      for (String text : List.of(" Parliament", " the Commission", " Europe", " Herr Präsident")) {
        int[] q = tokenizer.encode(text);
        assertThat(index.count(q)).as(text).isEqualTo(truth.count(q)).isPositive();
      }
      int[] a = tokenizer.encode(" Parliament");
      int[] b = tokenizer.encode(" Commission");
      assertThat(Cooccurrence.documents(index, a, b).documents())
          .isEqualTo(truth.cooccur(a, b, 0))
          .isPositive();
      assertThat(Cooccurrence.within(index, a, b, 20).documents())
          .isEqualTo(truth.cooccur(a, b, 20));
    }
  }

  @Test
  void sampledQueriesMatchAScan() throws IOException {
    Random r = new Random(7);
    List<int[]> docs = truth.documents();
    for (int i = 0; i < 12; i++) {
      int[] doc = docs.get(r.nextInt(docs.size()));
      if (doc.length < 8) continue;
      int from = r.nextInt(doc.length - 6);
      int[] q = Arrays.copyOfRange(doc, from, from + 1 + r.nextInt(5));
      assertThat(index.count(q)).isEqualTo(truth.count(q));
      NextTokens.Distribution ntd = NextTokens.of(index, q);
      assertThat(ntd.continuations()).isEqualTo(truth.continuations(q));
      assertThat(ntd.top(1).getFirst().count())
          .isEqualTo(truth.next(q).values().stream().mapToLong(Long::longValue).max().orElse(0));
      int[] context = Arrays.copyOfRange(doc, Math.max(0, from - 6), from + 2);
      int next = doc[from + 2];
      assertThat(InfiniGram.of(index, context, next)).isEqualTo(truth.infgram(context, next));
      int[] b = Arrays.copyOfRange(doc, from + 3, from + 4);
      assertThat(Cooccurrence.documents(index, q, b).documents()).isEqualTo(truth.cooccur(q, b, 0));
    }
  }
}
