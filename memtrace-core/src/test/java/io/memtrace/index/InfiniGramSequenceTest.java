package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
    check(RandomCorpus.of(seed));
  }

  /** Corpora of periodic documents, so the longest matching suffix grows long and then breaks. */
  @ParameterizedTest
  @MethodSource("seeds")
  void sequenceMatchesAScanOnRepetitiveCorpora(long seed) throws Exception {
    check(RandomCorpus.periodic(seed));
  }

  private void check(RandomCorpus corpus) throws Exception {
    BruteForce truth = new BruteForce(corpus.documents());
    try (IndexReader index = corpus.index(dir)) {
      for (int[] text : corpus.texts(index.vocabSize())) {
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
  }
}
