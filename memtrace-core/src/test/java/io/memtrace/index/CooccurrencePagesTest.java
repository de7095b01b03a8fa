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
 * The documents listed as holding two n-grams, page by page, are those a scan of every document
 * finds holding both, in document order, each with the first occurrence of each n-gram.
 */
class CooccurrencePagesTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 16);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void pagesListTheDocumentsAScanFinds(long seed) throws Exception {
    RandomCorpus corpus = seed % 2 == 0 ? RandomCorpus.of(seed) : RandomCorpus.periodic(seed);
    BruteForce truth = new BruteForce(corpus.documents());
    Random r = new Random(seed);
    try (IndexReader index = corpus.index(dir)) {
      for (int q = 0; q < 6; q++) {
        int[] a = ngram(corpus, r);
        int[] b = ngram(corpus, r);
        if (a == null || b == null) continue;
        List<Integer> both = new ArrayList<>();
        for (int d = 0; d < corpus.documents().size(); d++) {
          int[] doc = corpus.documents().get(d);
          if (!truth.positions(doc, a).isEmpty() && !truth.positions(doc, b).isEmpty()) both.add(d);
        }
        long from = r.nextInt(both.size() + 2);
        int limit = r.nextInt(5);
        CooccurrencePages.Page page = CooccurrencePages.page(index, a, b, from, limit, 3);
        assertThat(page.total()).isEqualTo(both.size());
        assertThat(page.total()).isEqualTo(truth.cooccur(a, b, 0));
        List<Integer> expected =
            both.subList(
                (int) Math.min(from, both.size()), (int) Math.min(both.size(), from + limit));
        assertThat(page.documents()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
          int d = expected.get(i);
          CooccurrencePages.Both got = page.documents().get(i);
          int[] doc = corpus.documents().get(d);
          assertThat(got.document()).isEqualTo(d);
          assertThat(got.a().matchFrom()).isEqualTo(truth.positions(doc, a).getFirst());
          assertThat(got.b().matchFrom()).isEqualTo(truth.positions(doc, b).getFirst());
          assertThat(Arrays.copyOfRange(doc, got.a().from(), got.a().to()))
              .isEqualTo(got.a().tokens());
        }
      }
    }
  }

  /** An n-gram of 1 to 3 tokens from a random document; null when that document is too short. */
  private static int[] ngram(RandomCorpus corpus, Random r) {
    int[] doc = corpus.documents().get(r.nextInt(corpus.documents().size()));
    int n = 1 + r.nextInt(3);
    if (doc.length < n) return null;
    int p = r.nextInt(doc.length - n + 1);
    return Arrays.copyOfRange(doc, p, p + n);
  }
}
