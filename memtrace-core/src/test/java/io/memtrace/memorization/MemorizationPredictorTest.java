package io.memtrace.memorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The predictor on synthetic rows: it must learn labels that are a known function of the features
 * (one that needs attention to the previous position), and must not beat the majority class on test
 * when labels are random.
 */
class MemorizationPredictorTest {
  static final int DIM = 4;
  static final int L = 8;
  static final int C = 3;

  /** Rows whose greedy token j is right exactly when {@code label(features, j)}. */
  private static MemorizationPredictor.Report run(
      long seed, int n, BiPredicate<float[], Integer> label, SplittableRandom noise)
      throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    List<MemorizationPredictor.Row> rows = new ArrayList<>();
    float[][] steps = new float[n][];
    float[][] context = new float[n][];
    float[][] prefix = new float[n][];
    for (int i = 0; i < n; i++) {
      prefix[i] = new float[(C - 1) * DIM];
      for (int k = 0; k < prefix[i].length; k++) prefix[i][k] = (float) gaussian(r);
      steps[i] = new float[L * (DIM + 1)];
      for (int k = 0; k < steps[i].length; k++) steps[i][k] = (float) gaussian(r);
      context[i] = new float[DIM + 1];
      for (int k = 0; k < context[i].length; k++) context[i][k] = (float) gaussian(r);
      int[] truth = new int[L];
      int[] generated = new int[L];
      for (int j = 0; j < L; j++) {
        boolean right = noise == null ? label.test(steps[i], j) : noise.nextBoolean();
        generated[j] = right ? 0 : 1;
      }
      rows.add(new MemorizationPredictor.Row(i, new int[C], truth, generated));
    }
    var features = new MemorizationPredictor.Features(DIM, steps, context, prefix);
    return MemorizationPredictor.run(
        rows, features, new MemorizationPredictor.Settings(32, 2, 4, 40, 6, 3e-3, seed), 1);
  }

  private static Map<String, Double> tokenAccuracy(MemorizationPredictor.Report report) {
    return report.test().stream()
        .collect(
            Collectors.toMap(
                MemorizationPredictor.Evaluation::predictor, e -> e.all().tokenAccuracy()));
  }

  @Test
  void learnsALabelThatDependsOnThePreviousPosition() throws Exception {
    // Token j is right when feature 0 of step j - 1 is positive (step 0: feature 1 of itself).
    var report = run(3, 320, (f, j) -> j == 0 ? f[1] > 0 : f[(j - 1) * (DIM + 1)] > 0, null);
    Map<String, Double> acc = tokenAccuracy(report);
    assertThat(acc.get(MemorizationPredictor.PREDICTOR)).isGreaterThan(0.9);
    assertThat(acc.get(MemorizationPredictor.MAJORITY)).isLessThan(0.65);
    // The entropy feature alone carries nothing here.
    assertThat(acc.get(MemorizationPredictor.ENTROPY)).isLessThan(0.65);
    assertThat(report.training().bestEpoch()).isGreaterThanOrEqualTo(0);
    assertThat(report.test())
        .extracting(MemorizationPredictor.Evaluation::predictor)
        .containsExactly(
            MemorizationPredictor.PREDICTOR,
            MemorizationPredictor.RELEASED,
            MemorizationPredictor.MAJORITY,
            MemorizationPredictor.ENTROPY,
            MemorizationPredictor.CONTEXT);
    // Every predictor is tested on the same rows, the released one included.
    assertThat(report.test())
        .extracting(e -> e.all().tokens())
        .containsOnly((long) report.split().test().length * L);
  }

  @Test
  void randomLabelsDoNotBeatTheMajorityClass() throws Exception {
    var report = run(4, 800, (f, j) -> false, new SplittableRandom(99));
    Map<String, Double> acc = tokenAccuracy(report);
    // No better than the best constant answer, within three standard errors of an accuracy.
    long tokens = report.test().getFirst().all().tokens();
    double majority = acc.get(MemorizationPredictor.MAJORITY);
    assertThat(acc.get(MemorizationPredictor.PREDICTOR))
        .isLessThanOrEqualTo(Math.max(majority, 1 - majority) + 3 * Math.sqrt(0.25 / tokens));
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
