package io.memtrace.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AUC against a count over every (positive, negative) pair, and TPR at a low FPR against every
 * threshold tried, on seeded scores with many ties.
 */
class RocTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void aucAndTprAtLowFprEqualBruteForce(int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] pos = new double[1 + random.nextInt(300)];
    double[] neg = new double[1 + random.nextInt(1200)];
    int levels = 2 + random.nextInt(60); // few levels: ties everywhere
    double shift = random.nextDouble() * 10;
    for (int i = 0; i < pos.length; i++) pos[i] = random.nextInt(levels) + shift;
    for (int i = 0; i < neg.length; i++) neg[i] = random.nextInt(levels) + 0.5 * shift;
    double pairs = 0;
    for (double p : pos) for (double n : neg) pairs += p > n ? 1 : p == n ? 0.5 : 0;
    assertThat(Roc.auc(pos, neg)).isCloseTo(pairs / pos.length / neg.length, within(1e-12));
    for (double fpr : new double[] {0.001, 0.01, 0.1, 0.5}) {
      double best = 0;
      java.util.List<Double> thresholds = new java.util.ArrayList<>();
      for (double p : pos) thresholds.add(p);
      for (double n : neg) thresholds.add(n);
      thresholds.add(Double.POSITIVE_INFINITY);
      for (double t : thresholds) {
        long fp = 0;
        long tp = 0;
        for (double n : neg) if (n >= t) fp++;
        for (double p : pos) if (p >= t) tp++;
        if ((double) fp / neg.length <= fpr) best = Math.max(best, (double) tp / pos.length);
      }
      assertThat(Roc.tprAtFpr(pos, neg, fpr)).as("FPR %s", fpr).isEqualTo(best);
    }
  }
}
