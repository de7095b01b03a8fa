package io.memtrace.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.model.Fixtures.Golden;
import io.memtrace.model.engine.HiddenStateSink;
import io.memtrace.model.safetensors.Tensor;
import io.memtrace.model.tensor.Kernels;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against the independent PyTorch reference on every fixture architecture and storage
 * type: logits and hidden states within 1e-4, the reductions consistent with those logits, and
 * greedy decoding token for token — with the vector kernels and with the scalar ones.
 */
class ReferenceModelsTest {
  static final double TOLERANCE = 1e-4;

  static Stream<Arguments> fixtures() {
    return Fixtures.MODELS.stream()
        .flatMap(m -> Stream.of(Arguments.of(m, Kernels.get()), Arguments.of(m, Kernels.scalar())));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void logitsHiddenStatesAndStatisticsMatchTheReference(String name, Kernels kernels)
      throws IOException {
    try (Arena arena = Arena.ofConfined();
        LanguageModel model = LanguageModel.load(Fixtures.dir(name), 2, kernels)) {
      Golden golden = Golden.of(name, arena);
      int rows = golden.count("score.tokens.");
      int[][] tokens = new int[rows][];
      for (int r = 0; r < rows; r++) tokens[r] = golden.ints("score.tokens." + r);
      int vocab = model.vocabSize();
      int layers = model.layers();
      Map<String, float[]> logits = new HashMap<>();
      Map<String, float[]> hidden = new HashMap<>();
      BitSet all = new BitSet();
      all.set(0, layers + 2);
      ScoreOptions options =
          ScoreOptions.DEFAULT
              .withTopK(3)
              .withHidden(
                  all,
                  (row, pos, layer, state, off, dim) ->
                      hidden.put(
                          row + "/" + pos + "/" + layer,
                          java.util.Arrays.copyOfRange(state, off, off + dim)))
              .withLogits(
                  (row, pos, x, off, v) -> {
                    synchronized (logits) {
                      logits.put(row + "/" + pos, java.util.Arrays.copyOfRange(x, off, off + v));
                    }
                  });
      RowScores[] scores = model.score(tokens, options);
      for (int r = 0; r < rows; r++) {
        Tensor want = golden.tensor("score.logits." + r);
        Tensor wantHidden = golden.tensor("score.hidden." + r);
        int t = tokens[r].length;
        int dim = (int) wantHidden.info().dim(2);
        assertThat(scores[r].positions()).isEqualTo(t - 1);
        for (int p = 0; p < t; p++) {
          for (int l = 0; l < layers + 2; l++) {
            float[] got = hidden.get(r + "/" + p + "/" + l);
            for (int d = 0; d < dim; d++) {
              assertThat(got[d])
                  .as("%s row %d position %d layer %d dim %d", name, r, p, l, d)
                  .isCloseTo(wantHidden.getFloat(((long) l * t + p) * dim + d), within(1e-4f));
            }
          }
          if (p == t - 1) continue;
          float[] got = logits.get(r + "/" + p);
          double max = Double.NEGATIVE_INFINITY;
          int argmax = -1;
          for (int v = 0; v < vocab; v++) {
            float w = want.getFloat((long) p * vocab + v);
            assertThat(got[v])
                .as("%s row %d position %d logit %d", name, r, p, v)
                .isCloseTo(w, within(1e-4f));
            if (w > max) {
              max = w;
              argmax = v;
            }
          }
          double z = 0;
          double zd = 0;
          for (int v = 0; v < vocab; v++) {
            double d = want.getFloat((long) p * vocab + v) - max;
            z += Math.exp(d);
            zd += Math.exp(d) * d;
          }
          double logZ = Math.log(z) + max;
          assertThat(scores[r].argmax()[p]).isEqualTo(argmax);
          assertThat((double) scores[r].entropy()[p])
              .isCloseTo(Math.log(z) - zd / z, within(TOLERANCE));
          double target = want.getFloat((long) p * vocab + tokens[r][p + 1]) - logZ;
          assertThat((double) scores[r].targetLogprob()[p]).isCloseTo(target, within(TOLERANCE));
          assertThat(scores[r].topIds()[p][0]).isEqualTo(argmax);
          assertThat((double) scores[r].topLogprobs()[p][0])
              .isCloseTo(max - logZ, within(TOLERANCE));
          assertThat(scores[r].topLogprobs()[p][1])
              .isLessThanOrEqualTo(scores[r].topLogprobs()[p][0]);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void greedyDecodingWithTheCacheMatchesTheReference(String name, Kernels kernels)
      throws IOException {
    try (Arena arena = Arena.ofConfined();
        LanguageModel model = LanguageModel.load(Fixtures.dir(name), 2, kernels)) {
      Golden golden = Golden.of(name, arena);
      int rows = golden.count("greedy.prompt.");
      int[][] prompts = new int[rows][];
      int[] minLength = new int[rows];
      int[] maxNew = new int[rows];
      for (int r = 0; r < rows; r++) {
        prompts[r] = golden.ints("greedy.prompt." + r);
        minLength[r] = prompts[r].length + golden.maxNew();
        maxNew[r] = golden.maxNew();
      }
      List<Integer> eos = List.of(golden.eos());
      assertThat(model.config().eosTokenIds()).isEqualTo(eos);
      Generation[] suppressed =
          model.greedy(
              model.newCache(rows),
              prompts,
              new GreedyOptions(maxNew, minLength, eos, new BitSet(), HiddenStateSink.NONE));
      Generation[] free =
          model.greedy(
              model.newCache(rows), prompts, GreedyOptions.uniform(rows, golden.maxNew(), 0, eos));
      for (int r = 0; r < rows; r++) {
        assertThat(suppressed[r].tokens())
            .as("%s row %d", name, r)
            .isEqualTo(golden.ints("greedy.min." + r));
        assertThat(free[r].tokens())
            .as("%s row %d", name, r)
            .isEqualTo(golden.ints("greedy.free." + r));
      }
      assertThat(free[0].tokens()).containsExactly(golden.eos());
    }
  }
}
