package io.memtrace.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.model.engine.KvCache;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding with the KV cache against recomputation without it: greedy tokens, their
 * log-probabilities and entropies must be exactly what a teacher-forced pass over the whole
 * sequence gives, whatever the batch, and a truncated cache must decode like a fresh prefix.
 */
class CachedDecodingTest {
  static Stream<Arguments> cases() {
    return Fixtures.MODELS.stream()
        .flatMap(m -> Stream.of(Arguments.of(m, 11L), Arguments.of(m, 12L)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void cachedGreedyEqualsUncachedRecomputation(String name, long seed) throws IOException {
    try (LanguageModel model = LanguageModel.load(Fixtures.dir(name), 2)) {
      Random rnd = new Random(seed);
      int rows = 4;
      int[][] prompts = new int[rows][];
      for (int r = 0; r < rows; r++) prompts[r] = randomTokens(rnd, 1 + rnd.nextInt(9), model);
      int maxNew = 7;
      List<Integer> none = List.of();
      Generation[] batched =
          model.greedy(model.newCache(rows), prompts, GreedyOptions.uniform(rows, maxNew, 0, none));
      for (int r = 0; r < rows; r++) {
        Generation alone =
            model
                .greedy(
                    model.newCache(1),
                    new int[][] {prompts[r]},
                    GreedyOptions.uniform(1, maxNew, 0, none))[0];
        assertThat(alone.tokens()).isEqualTo(batched[r].tokens());
        assertThat(alone.logprob()).isEqualTo(batched[r].logprob());

        int[] full = concat(prompts[r], batched[r].tokens());
        RowScores teacher = model.score(new int[][] {full}, ScoreOptions.DEFAULT)[0];
        int p0 = prompts[r].length - 1;
        for (int i = 0; i < maxNew; i++) {
          assertThat(teacher.argmax()[p0 + i]).isEqualTo(batched[r].tokens()[i]);
          assertThat(teacher.targetLogprob()[p0 + i]).isEqualTo(batched[r].logprob()[i]);
          assertThat(teacher.entropy()[p0 + i]).isEqualTo(batched[r].entropy()[i]);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decodingFromATruncatedCacheEqualsDecodingFromTheFreshPrefix(String name, long seed)
      throws IOException {
    try (LanguageModel model = LanguageModel.load(Fixtures.dir(name), 2)) {
      Random rnd = new Random(seed);
      int[] row = randomTokens(rnd, 14, model);
      int cut = 3 + rnd.nextInt(8);
      KvCache cache = model.newCache(1);
      model.prefill(cache, new int[][] {row});
      assertThat(cache.length(0)).isEqualTo(row.length);
      cache.truncate(0, cut - 1);
      GreedyOptions options = GreedyOptions.uniform(1, 6, 0, List.of());
      Generation resumed = model.greedy(cache, new int[][] {{row[cut - 1]}}, options)[0];
      Generation fresh =
          model.greedy(model.newCache(1), new int[][] {Arrays.copyOf(row, cut)}, options)[0];
      assertThat(resumed.tokens()).isEqualTo(fresh.tokens());
      assertThat(resumed.logprob()).isEqualTo(fresh.logprob());
      assertThat(cache.length(0)).isEqualTo(cut + 5);
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void hiddenStatesDoNotDependOnTheBatch(String name, long seed) throws IOException {
    try (LanguageModel model = LanguageModel.load(Fixtures.dir(name), 2)) {
      Random rnd = new Random(seed);
      int[][] rows = {randomTokens(rnd, 9, model), randomTokens(rnd, 4, model)};
      BitSet last = new BitSet();
      last.set(model.layers() + 1);
      float[][] together = new float[2][];
      model.score(
          rows,
          ScoreOptions.DEFAULT.withHidden(
              last,
              (r, p, l, s, off, d) -> {
                if (p == 3) together[r] = Arrays.copyOfRange(s, off, off + d);
              }));
      float[][] alone = new float[1][];
      model.score(
          new int[][] {rows[1]},
          ScoreOptions.DEFAULT.withHidden(
              last,
              (r, p, l, s, off, d) -> {
                if (p == 3) alone[0] = Arrays.copyOfRange(s, off, off + d);
              }));
      assertThat(alone[0]).isEqualTo(together[1]);
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void suppressedTokensAreNeverChosenAndGetNoProbability(String name, long seed)
      throws IOException {
    try (LanguageModel model = LanguageModel.load(Fixtures.dir(name), 1)) {
      int[] row = randomTokens(new Random(seed), 10, model);
      RowScores plain = model.score(new int[][] {row}, ScoreOptions.DEFAULT)[0];
      List<Integer> banned = List.of(plain.argmax()[2], plain.argmax()[5]);
      RowScores scores =
          model
              .score(new int[][] {row}, ScoreOptions.DEFAULT.withSuppressed(banned).withTopK(4))[0];
      for (int p = 0; p < scores.positions(); p++) {
        assertThat(banned).doesNotContain(scores.argmax()[p]);
        for (int id : scores.topIds()[p]) assertThat(banned).doesNotContain(id);
        if (banned.contains(row[p + 1])) {
          assertThat(scores.targetLogprob()[p]).isEqualTo(Float.NEGATIVE_INFINITY);
        }
      }
      assertThatThrownBy(
              () -> model.score(new int[][] {{1, model.vocabSize()}}, ScoreOptions.DEFAULT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside 0.." + (model.vocabSize() - 1));
    }
  }

  static int[] randomTokens(Random rnd, int n, LanguageModel model) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) t[i] = rnd.nextInt(model.vocabSize());
    return t;
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
