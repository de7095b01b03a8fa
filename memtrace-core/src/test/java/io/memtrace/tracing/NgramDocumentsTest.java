package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.index.DocumentSets;
import io.memtrace.index.IndexReader;
import io.memtrace.index.IndexWriter;
import io.memtrace.tokens.BpeTrainer;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tokens.TokenizerJsonWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documents of a word n-gram, C(text), are those whose tokens contain the tokens of " text" or
 * of "text", as written, in lower case or in lower case with a capital first letter: checked
 * against a scan of every document's tokens, on a small corpus whose tokenizer memtrace's own BPE
 * trainer learnt from it, indexed as one shard and as many.
 */
class NgramDocumentsTest {
  @TempDir static Path shared;
  static Tokenizer tokenizer;
  static List<String> texts;
  static List<int[]> documents;

  @TempDir Path dir;

  private static final String[] WORDS = {
    "Germany",
    "Deutschland",
    "Bosnia and Herzegovina",
    "Česká republika",
    "the",
    "European",
    "Parliament",
    "United Kingdom",
    "Ελλάδα",
    "votes",
    "of",
    "and",
    ",",
    ".",
    "\n",
    "1999",
    "Germany's",
    "Kingdom",
    "germany",
    "parliament",
    "KINGDOM"
  };

  private static final List<String> QUERIES =
      List.of(
          "Germany",
          "Deutschland",
          "Bosnia and Herzegovina",
          "Česká republika",
          "European Parliament",
          "United Kingdom",
          "Kingdom",
          "Ελλάδα",
          "the",
          "Parliament votes",
          "1999",
          "Atlantis");

  @BeforeAll
  static void corpus() throws Exception {
    Random r = new Random(7);
    texts = new ArrayList<>();
    texts.add("");
    texts.add("Germany");
    texts.add("Germany\nDeutschland");
    texts.add("Bosnia and Herzegovina");
    texts.add("the european parliament, The European parliament");
    for (int d = 0; d < 60; d++) {
      StringBuilder b = new StringBuilder();
      int words = r.nextInt(25);
      for (int i = 0; i < words; i++) {
        String w = WORDS[r.nextInt(WORDS.length)];
        boolean glue = w.equals(",") || w.equals(".") || w.equals("\n") || b.isEmpty();
        b.append(glue ? "" : " ").append(w);
      }
      texts.add(b.toString());
    }
    Path file = shared.resolve("tokenizer.json");
    TokenizerJsonWriter.write(
        new BpeTrainer(330, List.of("<|endoftext|>")).train(texts.stream()), file);
    tokenizer = Tokenizer.load(file);
    documents = texts.stream().map(tokenizer::encode).toList();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  private static int count(int[] doc, int[] q) {
    int n = 0;
    for (int p = 0; p + q.length <= doc.length; p++) {
      if (Arrays.equals(doc, p, p + q.length, q, 0, q.length)) n++;
    }
    return n;
  }

  /**
   * Document -> occurrences of the distinct spellings " text" and "text" together, each as written,
   * lower-cased and capitalized ("european parliament" -> "European parliament").
   */
  private static Map<Long, Integer> scan(String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    String capital =
        lower.isEmpty() ? lower : lower.substring(0, 1).toUpperCase() + lower.substring(1);
    List<int[]> spellings = new ArrayList<>();
    for (String c : List.of(text, lower, capital)) {
      for (String s : List.of(" " + c, c)) {
        int[] t = tokenizer.encode(s);
        if (spellings.stream().noneMatch(u -> Arrays.equals(u, t))) spellings.add(t);
      }
    }
    Map<Long, Integer> out = new TreeMap<>();
    for (int d = 0; d < documents.size(); d++) {
      int n = 0;
      for (int[] s : spellings) n += count(documents.get(d), s);
      if (n > 0) out.put((long) d, n);
    }
    return out;
  }

  private static int scanExact(String text) {
    int[] a = tokenizer.encode(" " + text);
    int[] b = tokenizer.encode(text);
    int n = 0;
    for (int[] d : documents) if (count(d, a) + count(d, b) > 0) n++;
    return n;
  }

  private static int scanAnyCase(String word) {
    int n = 0;
    for (String t : texts) if (t.toLowerCase().contains(word.toLowerCase())) n++;
    return n;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void documentsOfATextAreThoseWithEitherSpelling(boolean manyShards) throws Exception {
    int longest = documents.stream().mapToInt(d -> d.length).max().orElse(0);
    long budget =
        manyShards ? IndexWriter.shardPeakBytes(longest + 8, longest + 8, 0xFFFF) : 1L << 30;
    try (IndexReader index = TestIndexes.build(dir, documents, tokenizer.vocabSize(), budget)) {
      if (manyShards) assertThat(index.shards()).hasSizeGreaterThan(2);
      NgramDocuments ngrams = new NgramDocuments(index, tokenizer);
      for (String text : QUERIES) {
        List<int[]> variants = ngrams.variants(text);
        assertThat(variants.get(0)).as(text).containsExactly(tokenizer.encode(" " + text));
        assertThat(variants).hasSizeBetween(1, 6);

        DocumentSets.Documents got = ngrams.of(text);
        Map<Long, Integer> expected = scan(text);
        java.util.TreeSet<Long> actual = new java.util.TreeSet<>();
        for (int s = 0; s < got.shards().size(); s++) {
          long first = index.shards().get(s).firstDocument();
          got.shards().get(s).forEach((int d) -> actual.add(first + d));
        }
        assertThat(actual).as(text).isEqualTo(expected.keySet());
        assertThat(got.occurrences())
            .isEqualTo(expected.values().stream().mapToLong(Integer::longValue).sum());
        assertThat(ngrams.of(text)).isSameAs(got);
      }
      assertThat(ngrams.size()).isEqualTo(QUERIES.size());
      // A budget of one set's bytes keeps only the last one looked up.
      NgramDocuments small = new NgramDocuments(index, tokenizer, 1);
      DocumentSets.Documents first = small.of("Germany");
      small.of("Deutschland");
      assertThat(small.size()).isEqualTo(1);
      assertThat(small.of("Germany")).isNotSameAs(first).isEqualTo(first);
      // the corpus has what the queries need: spaced and unspaced spellings, and no "Atlantis"
      assertThat(scan("Germany")).containsKeys(1L, 2L).hasSizeGreaterThan(4);
      assertThat(scan("Deutschland")).containsKey(2L);
      assertThat(scan("Bosnia and Herzegovina")).containsKey(3L).hasSizeGreaterThan(2);
      assertThat(scan("Atlantis")).isEmpty();
      // casings: lower-case and capitalized spellings count, all caps do not
      assertThat(scan("European Parliament")).containsKey(4L);
      assertThat(scan("Germany").size()).isGreaterThan(scanExact("Germany"));
      assertThat(scan("Kingdom").size()).isLessThan(scanAnyCase("Kingdom"));
      assertThat(Files.exists(shared.resolve("tokenizer.json"))).isTrue();
    }
  }
}
