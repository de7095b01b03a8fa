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
 * The infini-gram of a whole sequence equals, at every position, the infini-gram of that position's
 * token given the tokens before it, found by scanning the documents.
 */
class InfiniGramSequenceTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 24);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sequenceMatchesAScanOnRandomCorpora(long seed) throws Exception {
    RandomCorpus corpus = RandomCorpus.of(seed);
    try (IndexReader index = corpus.index(dir)) {
      check(index, corpus.documents(), texts(corpus.documents(), index.vocabSize(), seed));
    }
  }

  /** Corpora of periodic documents, so the longest matching suffix grows long and then breaks. */
  @ParameterizedTest
  @MethodSource("seeds")
  void sequenceMatchesAScanOnRepetitiveCorpora(long seed) throws Exception {
    Random r = new Random(seed);
    int vocab = 2 + r.nextInt(6);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0, n = 1 + r.nextInt(4); d < n; d++) {
      int[] period = RandomCorpus.tokens(r, vocab, 1 + r.nextInt(6));
      int[] doc = new int[r.nextInt(150)];
      for (int i = 0; i < doc.length; i++) doc[i] = period[i % period.length];
      if (doc.length > 0 && r.nextBoolean()) doc[r.nextInt(doc.length)] = r.nextInt(vocab);
      docs.add(doc);
    }
    RandomCorpus corpus = new RandomCorpus(seed, vocab, true, docs);
    try (IndexReader index = corpus.index(dir)) {
      check(index, docs, texts(docs, vocab, seed));
    }
  }

  private static void check(IndexReader index, List<int[]> docs, List<int[]> texts)
      throws Exception {
    BruteForce truth = new BruteForce(docs);
    for (int[] text : texts) {
      List<InfiniGram.Probability> seq = InfiniGram.sequence(index, text);
      assertThat(seq).hasSize(text.length);
      for (int i = 0; i < text.length; i++) {
        int[] context = Arrays.copyOf(text, i);
        assertThat(seq.get(i))
            .as("position %d of %s", i, Arrays.toString(text))
            .isEqualTo(truth.infgram(context, text[i]))
            .isEqualTo(InfiniGram.of(index, context, text[i]));
      }
    }
  }

  /** Documents, documents joined, random tokens, and a document with a token changed. */
  private static List<int[]> texts(List<int[]> docs, int vocab, long seed) {
    Random r = new Random(~seed);
    List<int[]> out = new ArrayList<>();
    int[] joined = new int[0];
    for (int k = 0; k < 3; k++) {
      int[] doc = docs.get(r.nextInt(docs.size()));
      if (doc.length > 0) out.add(doc);
      int[] both = Arrays.copyOf(joined, joined.length + doc.length);
      System.arraycopy(doc, 0, both, joined.length, doc.length);
      joined = both;
    }
    if (joined.length > 0) {
      out.add(joined);
      int[] changed = joined.clone();
      changed[r.nextInt(changed.length)] = r.nextInt(vocab);
      out.add(changed);
      int[] twice = Arrays.copyOf(joined, 2 * joined.length);
      System.arraycopy(joined, 0, twice, joined.length, joined.length);
      out.add(twice);
    }
    out.add(RandomCorpus.tokens(r, vocab, 1 + r.nextInt(60)));
    return out;
  }
}
