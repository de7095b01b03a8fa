package io.memtrace.memorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The released configuration's data: the C + L - 1 positions it reads, the L it labels, and the
 * fully memorized rows it leaves out of training, counted against the rows' own levels.
 */
class ReleasedPredictorTest {
  static final int DIM = 3;
  static final int C = 4;
  static final int L = 5;

  /** Rows of random levels, a third of them fully memorized, with random features. */
  private static List<MemorizationPredictor.Row> rows(SplittableRandom r, int n) {
    List<MemorizationPredictor.Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] truth = new int[L];
      int[] generated = new int[L];
      boolean full = i % 3 == 0;
      for (int j = 0; j < L; j++) generated[j] = full || r.nextBoolean() ? 0 : 1;
      rows.add(new MemorizationPredictor.Row(i, new int[C], truth, generated));
    }
    return rows;
  }

  private static MemorizationPredictor.Features features(SplittableRandom r, int n) {
    float[][] steps = new float[n][L * (DIM + 1)];
    float[][] context = new float[n][DIM + 1];
    float[][] prefix = new float[n][(C - 1) * DIM];
    for (float[][] a : new float[][][] {steps, context, prefix}) {
      for (float[] row : a) for (int k = 0; k < row.length; k++) row[k] = (float) r.nextDouble();
    }
    return new MemorizationPredictor.Features(DIM, steps, context, prefix);
  }

  @Test
  void readsTheContextThenTheDecodingStepsAndLabelsTheSteps() {
    SplittableRandom r = new SplittableRandom(1);
    var rows = rows(r, 4);
    var f = features(r, 4);
    float[] x = ReleasedPredictor.input(f, 2, C, L);
    int w = DIM + 1;
    assertThat(x).hasSize((C + L - 1) * w);
    for (int p = 0; p < C - 1; p++) {
      for (int k = 0; k < DIM; k++) assertThat(x[p * w + k]).isEqualTo(f.prefix()[2][p * DIM + k]);
      assertThat(x[p * w + DIM]).isZero();
    }
    for (int j = 0; j < L; j++) {
      for (int k = 0; k <= DIM; k++) {
        assertThat(x[(C - 1 + j) * w + k]).isEqualTo(f.steps()[2][j * w + k]);
      }
    }
    int[] y = ReleasedPredictor.labels(rows.get(1));
    assertThat(y).hasSize(C + L - 1);
    assertThat(Arrays.copyOf(y, C - 1)).containsOnly(-1);
    boolean[] correct = rows.get(1).correct();
    for (int j = 0; j < L; j++) assertThat(y[C - 1 + j]).isEqualTo(correct[j] ? 1 : 0);
  }

  @ParameterizedTest
  @ValueSource(longs = {2, 3})
  void leavesFullyMemorizedRowsOutOfTraining(long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 90;
    var rows = rows(r, n);
    var f = features(r, n);
    var split = MemorizationPredictor.Split.of(n, seed);
    long trainBelow = Arrays.stream(split.train()).filter(i -> rows.get(i).matches() < L).count();
    long validBelow =
        Arrays.stream(split.validation()).filter(i -> rows.get(i).matches() < L).count();
    assertThat(trainBelow).isLessThan(split.train().length); // some rows are fully memorized
    assertThat(ReleasedPredictor.belowFull(rows, split.train())).hasSize((int) trainBelow);

    var trained = ReleasedPredictor.train(rows, f, split, 2, seed, 1);
    assertThat(trained.trainRows()).isEqualTo(trainBelow);
    assertThat(trained.validationRows()).isEqualTo(validBelow);
    // Every test row is predicted, fully memorized ones included.
    assertThat(trained.test()).hasNumberOfRows(split.test().length);
    assertThat(trained.shape().inputs()).isEqualTo(DIM);
    assertThat(trained.shape().heads()).isEqualTo(3);
    assertThat(trained.shape().layers()).isEqualTo(ReleasedPredictor.LAYERS);
    assertThat(trained.shape().feedForward()).isEqualTo(ReleasedPredictor.FEED_FORWARD);
  }

  @Test
  void headsAreTheReleasedEightWhereTheyDivideTheWidth() {
    assertThat(ReleasedPredictor.heads(512)).isEqualTo(8);
    assertThat(ReleasedPredictor.heads(5120)).isEqualTo(8);
    assertThat(ReleasedPredictor.heads(40)).isEqualTo(8);
    assertThat(ReleasedPredictor.heads(12)).isEqualTo(6);
    assertThat(ReleasedPredictor.heads(9)).isEqualTo(3);
    assertThat(ReleasedPredictor.heads(3)).isEqualTo(3);
    // The main predictor's rotary heads need an even size.
    assertThat(MemorizationPredictor.Settings.defaultHeads(512)).isEqualTo(8);
    assertThat(MemorizationPredictor.Settings.defaultHeads(40)).isEqualTo(5);
    assertThat(MemorizationPredictor.Settings.defaultHeads(12)).isEqualTo(6);
    assertThat(MemorizationPredictor.Settings.defaultHeads(96)).isEqualTo(8);
  }
}
