package io.memtrace.memorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.model.LanguageModel;
import io.memtrace.model.ScoreOptions;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingCentroidsTest {
  @Test
  void centroidsEqualMeansOfStoredStates() throws Exception {
    int c = 5;
    int l = 4;
    try (LanguageModel lm = LanguageModel.load(MemorizerTest.model("pythia-tiny"), 1)) {
      int d = lm.config().hiddenSize();
      SplittableRandom r = new SplittableRandom(2);
      int n = 9;
      int[][] contexts = new int[n][c];
      int[][] generated = new int[n][l];
      int[] matches = new int[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < c; j++) contexts[i][j] = r.nextInt(lm.vocabSize());
        for (int j = 0; j < l; j++) generated[i][j] = r.nextInt(lm.vocabSize());
        matches[i] = i % 3; // levels 0, 1, 2
      }
      EmbeddingCentroids e = new EmbeddingCentroids(c, l, d);
      e.add(
          lm,
          java.util.Arrays.copyOfRange(contexts, 0, 4),
          java.util.Arrays.copyOfRange(generated, 0, 4),
          java.util.Arrays.copyOf(matches, 4));
      e.add(
          lm,
          java.util.Arrays.copyOfRange(contexts, 4, n),
          java.util.Arrays.copyOfRange(generated, 4, n),
          java.util.Arrays.copyOfRange(matches, 4, n));
      // Brute force: every state stored, then averaged.
      float[][][] states = new float[n][c + l][d];
      int[][] seq = new int[n][c + l];
      for (int i = 0; i < n; i++) {
        System.arraycopy(contexts[i], 0, seq[i], 0, c);
        System.arraycopy(generated[i], 0, seq[i], c, l);
      }
      BitSet last = new BitSet();
      last.set(lm.layers() + 1);
      lm.score(
          seq,
          ScoreOptions.DEFAULT.withHidden(
              last,
              (row, pos, layer, s, off, dim) ->
                  System.arraycopy(s, off, states[row][pos], 0, dim)));
      for (int level = 0; level < 3; level++) {
        assertThat(e.rows(level)).isEqualTo(3);
        for (int step = 0; step < l; step++) {
          float[] centroid = e.centroid(level, step);
          for (int k = 0; k < d; k++) {
            double mean = 0;
            for (int i = level; i < n; i += 3) mean += states[i][c - 1 + step][k] / 3.0;
            assertThat((double) centroid[k]).isCloseTo(mean, within(1e-5));
          }
        }
      }
      assertThat(e.centroid(3, 0)).isNull();
      // Running means over the context and the first j + 1 steps, as the released drift code
      // averages them: positions 0 .. c - 1 + j of every row of the level.
      for (int level = 0; level < 3; level++) {
        for (int step = 0; step < l; step++) {
          float[] running = e.runningMean(level, step);
          for (int k = 0; k < d; k++) {
            double sum = 0;
            int count = 0;
            for (int i = level; i < n; i += 3) {
              for (int p = 0; p <= c - 1 + step; p++) {
                sum += states[i][p][k];
                count++;
              }
            }
            assertThat((double) running[k]).isCloseTo(sum / count, within(1e-5));
          }
        }
      }
      // Each row's mean state over its c + l - 1 scored positions, in the order added.
      assertThat(e.rowLevels()).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < d; k++) {
          double mean = 0;
          for (int p = 0; p < c + l - 1; p++) mean += states[i][p][k] / (c + l - 1);
          assertThat((double) e.rowMeans().get(i)[k]).isCloseTo(mean, within(1e-5));
        }
      }
    }
  }
}
