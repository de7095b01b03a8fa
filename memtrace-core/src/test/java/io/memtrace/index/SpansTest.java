package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The maximal spans of a text, their counts and occurrences, equal those found by matching every
 * start of the text against every position of the documents; on indexes of one and many shards.
 */
class SpansTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 24);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void spansMatchAScanOnRandomCorpora(long seed) throws Exception {
    check(RandomCorpus.of(seed));
  }

  /** Periodic documents: matches grow long, then break where a token was changed. */
  @ParameterizedTest
  @MethodSource("seeds")
  void spansMatchAScanOnRepetitiveCorpora(long seed) throws Exception {
    check(RandomCorpus.periodic(seed));
  }

  private void check(RandomCorpus corpus) throws Exception {
    BruteForce truth = new BruteForce(corpus.documents());
    Random r = new Random(corpus.seed());
    try (IndexReader index = corpus.index(dir)) {
      for (int[] text : corpus.texts(index.vocabSize())) {
        for (int minLength : new int[] {1, 2 + r.nextInt(6)}) {
          List<Spans.Span> spans = Spans.of(index, text, minLength, 0, Integer.MAX_VALUE);
          String what = "spans of at least " + minLength + " in " + Arrays.toString(text);
          assertThat(spans.stream().map(s -> new int[] {s.start(), s.end()}).toList())
              .as(what)
              .containsExactlyElementsOf(truth.spans(text, minLength));
          for (Spans.Span span : spans) {
            int[] tokens = Arrays.copyOfRange(text, span.start(), span.end());
            assertThat(span.page().ngram()).isEqualTo(tokens);
            assertThat(span.page().total()).as(what).isEqualTo(truth.count(tokens));
            assertThat(new HashSet<>(span.page().occurrences()))
                .as(what)
                .hasSize(span.page().occurrences().size())
                .isEqualTo(truth.occurrences(tokens));
          }
          checkPages(index, text, minLength, spans, r);
        }
      }
    }
  }

  /** A page of each span is that slice of all its occurrences. */
  private static void checkPages(
      IndexReader index, int[] text, int minLength, List<Spans.Span> all, Random r)
      throws BadInputException {
    long from = all.isEmpty() ? 0 : r.nextInt((int) all.getFirst().page().total() + 2);
    int limit = r.nextInt(4);
    List<Spans.Span> paged = Spans.of(index, text, minLength, from, limit);
    assertThat(paged).hasSameSizeAs(all);
    for (int i = 0; i < all.size(); i++) {
      List<Occurrences.Occurrence> every = all.get(i).page().occurrences();
      int a = (int) Math.min(from, every.size());
      assertThat(paged.get(i).page().occurrences())
          .isEqualTo(every.subList(a, Math.min(every.size(), a + limit)));
      assertThat(paged.get(i).page().total()).isEqualTo(all.get(i).page().total());
      assertThat(paged.get(i).page().from()).isEqualTo(from);
    }
  }

  @Test
  void badQueriesAreRefused() throws Exception {
    RandomCorpus corpus = new RandomCorpus(3, 5, true, List.of(new int[] {1, 2, 3}));
    try (IndexReader index = corpus.index(dir)) {
      assertThatThrownBy(() -> Spans.of(index, new int[] {1}, 0, 0, 1))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("minimum span length 0");
      assertThatThrownBy(() -> Spans.of(index, new int[] {1}, 1, -1, 1))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("page from -1");
      assertThatThrownBy(() -> Spans.of(index, new int[0], 1, 0, 1))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("empty");
      assertThatThrownBy(() -> Spans.of(index, new int[] {1, 5}, 1, 0, 1))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("token 5 at 1");
    }
  }
}
