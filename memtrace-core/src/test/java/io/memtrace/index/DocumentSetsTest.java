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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Document sets of one or several n-gram variants, and their intersections, against a scan of the
 * documents: seeded random corpora with empty and one-token documents and repeated passages, built
 * as one shard or, with a tiny memory budget, as many.
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

  private static Map<Long, Integer> asMap(DocumentSets.Documents d) {
    assertThat(d.ids()).hasSameSizeAs(d.occurrences());
    for (int i = 1; i < d.size(); i++) assertThat(d.ids()[i]).isGreaterThan(d.ids()[i - 1]);
    Map<Long, Integer> out = new TreeMap<>();
    for (int i = 0; i < d.size(); i++) out.put(d.ids()[i], d.occurrences()[i]);
    return out;
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
        assertThat(asMap(got)).as(what).isEqualTo(expected);
        long total = 0;
        for (int[] v : variants) total += truth.count(v);
        assertThat(got.totalOccurrences()).as(what).isEqualTo(total);
        if (count == 1) {
          assertThat((long) got.size()).isEqualTo(truth.documentFrequency(variants.get(0)));
        }
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
        DocumentSets.Overlap o =
            DocumentSets.intersect(
                DocumentSets.of(index, List.of(a)), DocumentSets.of(index, List.of(b)));
        long documents = 0;
        long occA = 0;
        long occB = 0;
        for (int[] doc : corpus.documents()) {
          int ca = truth.positions(doc, a).size();
          int cb = truth.positions(doc, b).size();
          if (ca > 0 && cb > 0) {
            documents++;
            occA += ca;
            occB += cb;
          }
        }
        String what = Arrays.toString(a) + " " + Arrays.toString(b);
        assertThat(o.documents()).as(what).isEqualTo(documents);
        assertThat(o.occurrencesA()).as(what).isEqualTo(occA);
        assertThat(o.occurrencesB()).as(what).isEqualTo(occB);
      }
    }
  }

  /** A random set of {@code size} distinct ids below {@code range}, with 1..5 occurrences each. */
  private static DocumentSets.Documents randomSet(Random r, int size, long range) {
    TreeSet<Long> ids = new TreeSet<>();
    while (ids.size() < size) ids.add((long) r.nextInt((int) range));
    long[] sorted = ids.stream().mapToLong(Long::longValue).toArray();
    int[] occurrences = new int[size];
    for (int i = 0; i < size; i++) occurrences[i] = 1 + r.nextInt(5);
    return new DocumentSets.Documents(sorted, occurrences);
  }

  private static DocumentSets.Overlap bruteIntersect(
      DocumentSets.Documents a, DocumentSets.Documents b) {
    Map<Long, Integer> bs = asMap(b);
    long documents = 0;
    long occA = 0;
    long occB = 0;
    for (int i = 0; i < a.size(); i++) {
      Integer ob = bs.get(a.ids()[i]);
      if (ob != null) {
        documents++;
        occA += a.occurrences()[i];
        occB += ob;
      }
    }
    return new DocumentSets.Overlap(documents, occA, occB);
  }

  /**
   * Sizes around the switch from merging to galloping (b > 8a gallops), very unequal sizes, empty
   * sets, and both argument orders; dense ranges make many common ids, sparse ones few.
   */
  @ParameterizedTest
  @CsvSource({
    "0, 0, 10",
    "0, 7, 10",
    "1, 1, 3",
    "1, 8, 20",
    "1, 9, 20",
    "3, 24, 40",
    "3, 25, 40",
    "3, 25, 100000",
    "5, 5000, 6000",
    "5, 5000, 1000000",
    "40, 41, 60",
    "50, 60, 100",
    "200, 300, 100000",
    "17, 2000, 2000",
    "1, 2000, 2000"
  })
  void intersectionsMatchASetIntersection(int sizeA, int sizeB, long range) {
    Random r = new Random(sizeA * 1_000_003L + sizeB * 31L + range);
    for (int trial = 0; trial < (sizeB > 1000 ? 4 : 30); trial++) {
      DocumentSets.Documents a = randomSet(r, sizeA, range);
      DocumentSets.Documents b = randomSet(r, sizeB, range);
      DocumentSets.Overlap expected = bruteIntersect(a, b);
      assertThat(DocumentSets.intersect(a, b)).isEqualTo(expected);
      assertThat(DocumentSets.intersect(b, a))
          .isEqualTo(
              new DocumentSets.Overlap(
                  expected.documents(), expected.occurrencesB(), expected.occurrencesA()));
    }
  }

  @Test
  void gallopingFindsIdsAtTheEdgesOfTheLargerSet() {
    long[] big = LongStream.range(0, 1000).map(i -> i * 3).toArray();
    int[] ones = new int[big.length];
    Arrays.fill(ones, 2);
    DocumentSets.Documents b = new DocumentSets.Documents(big, ones);
    // first, last, just past the last, between two ids, and ids far apart
    DocumentSets.Documents a =
        new DocumentSets.Documents(
            new long[] {0, 4, 1500, 2997, 2998, 5000}, new int[] {1, 1, 1, 1, 1, 1});
    assertThat(DocumentSets.intersect(a, b)).isEqualTo(new DocumentSets.Overlap(3, 3, 6));
    assertThat(DocumentSets.intersect(b, a)).isEqualTo(new DocumentSets.Overlap(3, 6, 3));
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
      assertThat(d12.ids()).containsExactly(0, 3);
      assertThat(d12.occurrences()).containsExactly(2, 1);
      // [1 2] and [2]: doc 0 has 2 + 2, doc 2 has 0 + 1, doc 3 has 1 + 1
      DocumentSets.Documents both =
          DocumentSets.of(index, List.of(new int[] {1, 2}, new int[] {2}));
      assertThat(both.ids()).containsExactly(0, 2, 3);
      assertThat(both.occurrences()).containsExactly(4, 1, 2);
      assertThat(both.totalOccurrences()).isEqualTo(7);
      DocumentSets.Documents three = DocumentSets.of(index, List.of(new int[] {3}));
      assertThat(DocumentSets.intersect(both, three)).isEqualTo(new DocumentSets.Overlap(1, 2, 1));
      DocumentSets.Documents none = DocumentSets.of(index, List.of(new int[] {0}));
      assertThat(none.size()).isZero();
      assertThat(DocumentSets.intersect(none, both)).isEqualTo(new DocumentSets.Overlap(0, 0, 0));

      assertThatThrownBy(() -> DocumentSets.of(index, List.of()))
          .isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> DocumentSets.of(index, List.of(new int[0])))
          .isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> DocumentSets.of(index, List.of(new int[] {4})))
          .isInstanceOf(BadInputException.class);
    }
  }
}
