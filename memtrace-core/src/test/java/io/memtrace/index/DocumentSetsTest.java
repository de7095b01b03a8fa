package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * Document sets of one or several n-gram variants, their intersections and the occurrences of an
 * n-gram inside a set, against a scan of the documents: seeded random corpora with empty and
 * one-token documents and repeated passages, built as one shard or, with a tiny memory budget, as
 * many; and counts past 2^31 on synthetic sets.
 */
class DocumentSetsTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 12);
  }

  /** An index of the corpus; two seeds in three get a budget so small it makes many shards. */
  private IndexReader index(RandomCorpus corpus) throws Exception {
    IndexReader index = corpus.index(dir);
    if (corpus.seed() % 3 != 0 && corpus.tokens() > 200) {
      assertThat(index.shards()).hasSizeGreaterThan(1);
    }
    return index;
  }

  /** Mostly n-grams that occur (often in several documents), sometimes random ones. */
  private static int[] ngram(RandomCorpus corpus, Random r, int vocab) {
    List<int[]> docs = corpus.documents();
    int[] doc = docs.get(r.nextInt(docs.size()));
    if (doc.length == 0 || r.nextInt(6) == 0) {
      return RandomCorpus.tokens(r, vocab, 1 + r.nextInt(3));
    }
    int from = r.nextInt(doc.length);
    int len = 1 + r.nextInt(Math.min(doc.length - from, r.nextBoolean() ? 2 : 12));
    return Arrays.copyOfRange(doc, from, from + len);
  }

  /** Document -> occurrences of all variants together, each variant counted in full. */
  private static Map<Long, Integer> scan(BruteForce truth, List<int[]> variants) {
    Map<Long, Integer> out = new TreeMap<>();
    for (int d = 0; d < truth.documents().size(); d++) {
      int n = 0;
      for (int[] v : variants) n += truth.positions(truth.documents().get(d), v).size();
      if (n > 0) out.put((long) d, n);
    }
    return out;
  }

  /** The store-wide document numbers of a set. */
  private static TreeSet<Long> ids(IndexReader index, DocumentSets.Documents d) {
    TreeSet<Long> out = new TreeSet<>();
    for (int s = 0; s < d.shards().size(); s++) {
      long first = index.shards().get(s).firstDocument();
      d.shards().get(s).forEach((int local) -> out.add(first + local));
    }
    return out;
  }

  @Test
  void anInterruptedLookupStops() throws Exception {
    RandomCorpus corpus = RandomCorpus.of(1);
    try (IndexReader index = index(corpus)) {
      int[] ngram = {corpus.documents().stream().filter(d -> d.length > 0).findFirst().get()[0]};
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> DocumentSets.of(index, List.of(ngram)))
            .isInstanceOf(java.util.concurrent.CancellationException.class);
      } finally {
        Thread.interrupted();
      }
      assertThat(DocumentSets.of(index, List.of(ngram)).size()).isPositive();
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void documentsOfOneOrSeveralVariantsMatchAScan(long seed) throws Exception {
    RandomCorpus corpus = RandomCorpus.of(seed);
    BruteForce truth = new BruteForce(corpus.documents());
    Random r = new Random(seed * 17 + 5);
    try (IndexReader index = index(corpus)) {
      for (int q = 0; q < 40; q++) {
        List<int[]> variants = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        for (int v = 0; v < count; v++) {
          int[] ngram = ngram(corpus, r, index.vocabSize());
          // Overlapping variants: a prefix of the previous one, as " word" and "word" may share.
          if (v > 0 && r.nextInt(4) == 0 && variants.get(v - 1).length > 1) {
            int[] prev = variants.get(v - 1);
            ngram = Arrays.copyOf(prev, 1 + r.nextInt(prev.length - 1));
          }
          variants.add(ngram);
        }
        Map<Long, Integer> expected = scan(truth, variants);
        DocumentSets.Documents got = DocumentSets.of(index, variants);
        String what = variants.stream().map(Arrays::toString).toList().toString();
        assertThat(ids(index, got)).as(what).isEqualTo(expected.keySet());
        assertThat(got.size()).isEqualTo(expected.size());
        long total = 0;
        for (int[] v : variants) total += truth.count(v);
        assertThat(got.occurrences()).as(what).isEqualTo(total);
        if (count == 1) {
          assertThat(got.size()).isEqualTo(truth.documentFrequency(variants.get(0)));
        }
        long occurrences = 0;
        for (int s = 0; s < index.shards().size(); s++) {
          Shard shard = index.shards().get(s);
          DocumentSets.InShard in = DocumentSets.inShard(index, s, variants);
          TreeSet<Long> local = new TreeSet<>();
          in.documents().forEach((int d) -> local.add(shard.firstDocument() + d));
          assertThat(local)
              .as("shard %d of %s", s, what)
              .isEqualTo(
                  expected.keySet().stream()
                      .filter(
                          d ->
                              d >= shard.firstDocument()
                                  && d < shard.firstDocument() + shard.documentCount())
                      .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
          occurrences += in.occurrences();
        }
        assertThat(occurrences).isEqualTo(total);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void intersectionsOfIndexedSetsMatchAScan(long seed) throws Exception {
    RandomCorpus corpus = RandomCorpus.of(seed);
    BruteForce truth = new BruteForce(corpus.documents());
    Random r = new Random(seed * 17 + 6);
    try (IndexReader index = index(corpus)) {
      for (int q = 0; q < 30; q++) {
        int[] a = ngram(corpus, r, index.vocabSize());
        int[] b = r.nextInt(8) == 0 ? a : ngram(corpus, r, index.vocabSize());
        DocumentSets.Documents sb = DocumentSets.of(index, List.of(b));
        long both = DocumentSets.intersect(DocumentSets.of(index, List.of(a)), sb);
        long documents = 0;
        long occA = 0;
        for (int[] doc : corpus.documents()) {
          int ca = truth.positions(doc, a).size();
          int cb = truth.positions(doc, b).size();
          if (ca > 0 && cb > 0) {
            documents++;
            occA += ca;
          }
        }
        String what = Arrays.toString(a) + " " + Arrays.toString(b);
        assertThat(both).as(what).isEqualTo(documents);
        assertThat(DocumentSets.occurrencesIn(index, List.of(a), sb)).as(what).isEqualTo(occA);
      }
    }
  }

  /**
   * Counts past 2^31: two shards of 1.5 billion documents each (bitmaps of runs cost a few bytes)
   * overlap in 2.25 billion, and an n-gram's occurrences add up past 2^31 as well.
   */
  @Test
  void countsAre64Bit() {
    RoaringBitmap a0 = new RoaringBitmap();
    a0.add(0L, 1_500_000_000L);
    RoaringBitmap b0 = new RoaringBitmap();
    b0.add(750_000_000L, 2_000_000_000L);
    DocumentSets.Documents a = new DocumentSets.Documents(List.of(a0, a0), 3_000_000_000L);
    DocumentSets.Documents b = new DocumentSets.Documents(List.of(b0, a0), 4_000_000_000L);
    assertThat(a.size()).isEqualTo(3_000_000_000L);
    assertThat(DocumentSets.intersect(a, b)).isEqualTo(750_000_000L + 1_500_000_000L);
    assertThat(a.bytes()).isLessThan(1 << 20);
  }

  @Test
  void aHandMadeCorpusCountsEachDocumentOnce() throws Exception {
    // doc 0: [1 2 1 2], doc 1: [], doc 2: [2], doc 3: [3 1 2], doc 4: [1]
    List<int[]> docs =
        List.of(
            new int[] {1, 2, 1, 2}, new int[0], new int[] {2}, new int[] {3, 1, 2}, new int[] {1});
    RandomCorpus corpus = new RandomCorpus(3, 4, true, docs);
    try (IndexReader index = index(corpus)) {
      DocumentSets.Documents d12 = DocumentSets.of(index, List.of(new int[] {1, 2}));
      assertThat(ids(index, d12)).containsExactly(0L, 3L);
      assertThat(d12.occurrences()).isEqualTo(3);
      // [1 2] and [2]: doc 0 has 2 + 2, doc 2 has 0 + 1, doc 3 has 1 + 1
      DocumentSets.Documents both =
          DocumentSets.of(index, List.of(new int[] {1, 2}, new int[] {2}));
      assertThat(ids(index, both)).containsExactly(0L, 2L, 3L);
      assertThat(both.occurrences()).isEqualTo(7);
      DocumentSets.Documents three = DocumentSets.of(index, List.of(new int[] {3}));
      assertThat(DocumentSets.intersect(both, three)).isEqualTo(1);
      // [1 2] and [2] inside the documents with 3 (doc 3): 1 + 1
      assertThat(DocumentSets.occurrencesIn(index, List.of(new int[] {1, 2}, new int[] {2}), three))
          .isEqualTo(2);
      DocumentSets.Documents none = DocumentSets.of(index, List.of(new int[] {0}));
      assertThat(none.size()).isZero();
      assertThat(DocumentSets.intersect(none, both)).isZero();

      assertThatThrownBy(() -> DocumentSets.of(index, List.of()))
          .isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> DocumentSets.of(index, List.of(new int[0])))
          .isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> DocumentSets.of(index, List.of(new int[] {4})))
          .isInstanceOf(BadInputException.class);
    }
  }
}
