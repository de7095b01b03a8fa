package io.memtrace.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The constant-rate Adam recipe keeps the epoch of best validation accuracy and stops as its rule
 * says, replayed on the recorded accuracies: once the accuracy fell below the previous epoch's
 * {@code decreases} times since the last best.
 */
class ClassifierTrainingTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void constantAdamKeepsTheBestAccuracyAndStopsByItsRule(long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    int t = 3;
    float[][] x = new float[40][];
    int[][] y = new int[40][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new float[t * 3];
      for (int k = 0; k < x[i].length; k++) x[i][k] = (float) (2 * r.nextDouble() - 1);
      y[i] = new int[t];
      for (int p = 0; p < t; p++) y[i][p] = r.nextInt(2); // noise: accuracy wanders
    }
    var model = new EncoderClassifier(new EncoderClassifier.Shape(2, 1, 2, 1, 1, 8, 4, 0.1), 1);
    int decreases = 2;
    var recipe = new ClassifierTraining.ConstantAdam(8, 25, decreases, 3e-2, seed);
    float[][] vx = java.util.Arrays.copyOfRange(x, 30, 40);
    int[][] vy = java.util.Arrays.copyOfRange(y, 30, 40);
    var result =
        ClassifierTraining.fit(
            model,
            java.util.Arrays.copyOf(x, 30),
            java.util.Arrays.copyOf(y, 30),
            vx,
            vy,
            t,
            recipe);
    List<Double> acc = result.validationAccuracy();
    // Replay the rule.
    double best = Double.NEGATIVE_INFINITY;
    int bestEpoch = -1;
    int count = 0;
    int epochs = 0;
    for (int e = 0; e < recipe.maxEpochs() && count < decreases; e++) {
      epochs++;
      double a = acc.get(e);
      if (a > best) {
        best = a;
        bestEpoch = e;
        count = 0;
      } else if (e > 0 && a < acc.get(e - 1)) {
        count++;
      }
    }
    assertThat(acc).hasSize(epochs);
    assertThat(result.bestEpoch()).isEqualTo(bestEpoch);
    // The restored weights are the best epoch's.
    assertThat(ClassifierTraining.accuracy(model, vx, vy, t)).isEqualTo(best);
  }
}
