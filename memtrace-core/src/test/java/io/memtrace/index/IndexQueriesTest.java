package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query against brute force on seeded random corpora: u16 and u32 tokens, inferred and
 * declared vocabularies, empty and one-token documents, repeated passages, one shard or many.
 */
class IndexQueriesTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 48);
  }

  /** An index of the corpus; two seeds in three get a budget so small it makes many shards. */
  private IndexReader index(RandomCorpus corpus) throws Exception {
    IndexReader index = corpus.index(dir);
    assertThat(index.vocabSize()).isEqualTo(corpus.indexVocab());
    assertThat(index.documentCount()).isEqualTo(corpus.documents().size());
    assertThat(index.tokenCount()).isEqualTo(corpus.tokens());
    if (corpus.seed() % 3 != 0 && corpus.tokens() > 200) {
      assertThat(index.shards()).hasSizeGreaterThan(1);
    }
    return index;
  }

  /** N-grams of the corpus, n-grams across document boundaries, and random ones. */
  private static List<int[]> ngrams(RandomCorpus corpus, Random r, int n, int vocab) {
    List<int[]> docs = corpus.documents();
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] doc = docs.get(r.nextInt(docs.size()));
      int kind = r.nextInt(6);
      if (kind == 0) {
        out.add(RandomCorpus.tokens(r, vocab, 1 + r.nextInt(4)));
      } else if (kind == 1 && docs.size() > 1) {
        int d = r.nextInt(docs.size() - 1);
        int[] a = docs.get(d);
        int[] b = docs.get(d + 1);
        int[] tail = Arrays.copyOfRange(a, Math.max(0, a.length - 1 - r.nextInt(3)), a.length);
        int[] head = Arrays.copyOf(b, Math.min(b.length, 1 + r.nextInt(3)));
        int[] q = Arrays.copyOf(tail, tail.length + head.length);
        System.arraycopy(head, 0, q, tail.length, head.length);
        out.add(q.length == 0 ? new int[] {0} : q);
      } else if (doc.length > 0) {
        int from = r.nextInt(doc.length);
        int len = 1 + r.nextInt(Math.min(doc.length - from, r.nextBoolean() ? 3 : 40));
        out.add(Arrays.copyOfRange(doc, from, from + len));
      } else {
        out.add(new int[] {r.nextInt(vocab)});
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void countLocateAndDocumentsMatchAScan(long seed) throws Exception {
    RandomCorpus corpus = RandomCorpus.of(seed);
    BruteForce truth = new BruteForce(corpus.documents());
    Random r = new Random(seed * 31 + 1);
    try (IndexReader index = index(corpus)) {
      for (int[] q : ngrams(corpus, r, 120, index.vocabSize())) {
        assertThat(index.count(q)).as("count %s", Arrays.toString(q)).isEqualTo(truth.count(q));
        assertThat(Cooccurrence.documentFrequency(index, q)).isEqualTo(truth.documentFrequency(q));
        Set<Occurrences.Occurrence> seen = new HashSet<>();
        int limit = 1 + r.nextInt(7);
        for (long from = 0; ; from += limit) {
          Occurrences.Page page = Occurrences.page(index, q, from, limit);
          assertThat(page.total()).isEqualTo(truth.count(q));
          seen.addAll(page.occurrences());
          if (page.occurrences().size() < limit) break;
        }
        assertThat(seen).isEqualTo(truth.occurrences(q));
        for (Occurrences.Occurrence o : seen.stream().limit(3).toList()) {
          int context = r.nextInt(5);
          Occurrences.Window w = Occurrences.window(index, o, q.length, context);
          int[] doc = corpus.documents().get((int) o.document());
          assertThat(w.tokens()).containsExactly(Arrays.copyOfRange(doc, w.from(), w.to()));
          assertThat(w.from()).isEqualTo(Math.max(0, o.offset() - context));
          assertThat(w.to()).isEqualTo(Math.min(doc.length, o.offset() + q.length + context));
        }
      }
      for (int d = 0; d < corpus.documents().size(); d++) {
        assertThat(Occurrences.document(index, d)).containsExactly(corpus.documents().get(d));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void nextTokensAndInfiniGramMatchAScan(long seed) throws Exception {
    RandomCorpus corpus = RandomCorpus.of(seed);
    BruteForce truth = new BruteForce(corpus.documents());
    Random r = new Random(seed * 31 + 2);
    try (IndexReader index = index(corpus)) {
      List<int[]> contexts = ngrams(corpus, r, 60, index.vocabSize());
      contexts.add(new int[0]);
      for (int[] context : contexts) {
        Map<Integer, Long> expected = truth.next(context);
        long continuations = truth.continuations(context);
        NextTokens.Distribution exact = NextTokens.of(index, context);
        assertThat(exact.approx()).isFalse();
        assertThat(exact.continuations()).isEqualTo(continuations);
        assertThat(exact.count())
            .isEqualTo(context.length == 0 ? corpus.tokens() : truth.count(context));
        Map<Integer, Long> got = new HashMap<>();
        for (NextTokens.NextToken t : exact.tokens()) {
          got.put(t.token(), t.count());
          assertThat(t.probability()).isCloseTo((double) t.count() / continuations, within(1e-12));
        }
        assertThat(got).isEqualTo(expected);
        for (int i = 1; i < exact.tokens().size(); i++) {
          assertThat(exact.tokens().get(i).count())
              .isLessThanOrEqualTo(exact.tokens().get(i - 1).count());
        }

        NextTokens.Distribution sampled = NextTokens.of(index, context, 0, 1 + r.nextInt(20));
        assertThat(sampled.approx()).isEqualTo(continuations > 0);
        Map<Integer, Double> estimate = new HashMap<>();
        for (NextTokens.NextToken t : sampled.tokens()) estimate.put(t.token(), t.probability());
        Set<Integer> all = new HashSet<>(expected.keySet());
        all.addAll(estimate.keySet());
        for (int token : all) {
          double p = (double) expected.getOrDefault(token, 0L) / continuations;
          assertThat(Math.abs(estimate.getOrDefault(token, 0.0) - p))
              .as("token %d after %s", token, Arrays.toString(context))
              .isLessThanOrEqualTo(sampled.bound() + 1e-12);
        }

        int token =
            r.nextBoolean() && !expected.isEmpty()
                ? expected.keySet().iterator().next()
                : RandomCorpus.tokens(r, index.vocabSize(), 1)[0];
        assertThat(InfiniGram.of(index, context, token)).isEqualTo(truth.infgram(context, token));
      }
      int[] doc = corpus.documents().get(r.nextInt(corpus.documents().size()));
      if (doc.length > 0) {
        List<InfiniGram.Probability> seq = InfiniGram.sequence(index, doc);
        for (int i = 0; i < doc.length; i++) {
          assertThat(seq.get(i)).isEqualTo(truth.infgram(Arrays.copyOf(doc, i), doc[i]));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void cooccurrenceAndNgramFrequenciesMatchAScan(long seed) throws Exception {
    RandomCorpus corpus = RandomCorpus.of(seed);
    BruteForce truth = new BruteForce(corpus.documents());
    Random r = new Random(seed * 31 + 3);
    try (IndexReader index = index(corpus)) {
      List<int[]> ngrams = ngrams(corpus, r, 80, index.vocabSize());
      for (int i = 0; i + 1 < ngrams.size(); i += 2) {
        int[] a = ngrams.get(i);
        int[] b = r.nextInt(8) == 0 ? a : ngrams.get(i + 1);
        Cooccurrence.Count c = Cooccurrence.documents(index, a, b);
        assertThat(c.documents())
            .as("%s %s", Arrays.toString(a), Arrays.toString(b))
            .isEqualTo(truth.cooccur(a, b, 0));
        assertThat(c.occurrencesA()).isEqualTo(truth.count(a));
        assertThat(c.occurrencesB()).isEqualTo(truth.count(b));
        int window = Math.max(a.length, b.length) + r.nextInt(12);
        assertThat(Cooccurrence.within(index, a, b, window).documents())
            .as("%s %s within %d", Arrays.toString(a), Arrays.toString(b), window)
            .isEqualTo(truth.cooccur(a, b, window));
        // Both ways of looking up the other side: sorting its positions, scanning documents.
        for (long sortToScan : new long[] {0, 1L << 31}) {
          assertThat(Cooccurrence.count(index, a, b, 0, sortToScan).documents())
              .isEqualTo(truth.cooccur(a, b, 0));
          assertThat(Cooccurrence.count(index, a, b, window, sortToScan).documents())
              .isEqualTo(truth.cooccur(a, b, window));
        }
      }

      int positions = 1 + r.nextInt(12);
      int[][] rows = new int[5][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] =
            i == 0
                ? RandomCorpus.tokens(r, index.vocabSize(), positions + 2)
                : corpus.documents().get(r.nextInt(corpus.documents().size()));
      }
      long[][][] counts = NgramFrequencies.of(index, rows, positions);
      for (int i = 0; i < rows.length; i++) {
        for (int n = 1; n <= 3; n++) {
          for (int p = 0; p < positions; p++) {
            long expected =
                p - n + 1 < 0 || p >= rows[i].length
                    ? -1
                    : truth.count(Arrays.copyOfRange(rows[i], p - n + 1, p + 1));
            assertThat(counts[i][n - 1][p]).as("row %d n %d p %d", i, n, p).isEqualTo(expected);
          }
        }
      }
    }
  }
}
