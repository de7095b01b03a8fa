package io.memtrace.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RankCorrelationTest {
  /** Values with many ties, signed zeros (equal) and infinities (ordinary extremes). */
  private static final double[] PALETTE = {
    Double.NEGATIVE_INFINITY, -3, -1, -0.0, 0.0, 0.5, 2, 7, Double.POSITIVE_INFINITY
  };

  @Test
  void tauBMatchesTheQuadraticDefinitionOnTiedData() {
    Random random = new Random(42);
    for (int trial = 0; trial < 400; trial++) {
      int n = 3 + random.nextInt(trial < 300 ? 40 : 400);
      int distinct = 1 + random.nextInt(PALETTE.length);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = PALETTE[random.nextInt(distinct)];
        // y follows x for a correlated part of the trials, so tau ranges over [-1, 1]
        y[i] = random.nextInt(3) == 0 ? x[i] : PALETTE[random.nextInt(PALETTE.length)];
      }
      double expected = bruteForceTauB(x, y);
      double tau = RankCorrelation.kendallTau(x, y).coefficient();
      if (Double.isNaN(expected)) assertThat(tau).as("trial %d", trial).isNaN();
      else assertThat(tau).as("trial %d", trial).isCloseTo(expected, within(1e-12));
    }
  }

  /** (C - D) / sqrt((P - X)(P - Y)) from all n (n - 1) / 2 pairs. */
  private static double bruteForceTauB(double[] x, double[] y) {
    long concordant = 0;
    long discordant = 0;
    long xTies = 0;
    long yTies = 0;
    int n = x.length;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        int sx = Double.compare(x[i] + 0.0, x[j] + 0.0);
        int sy = Double.compare(y[i] + 0.0, y[j] + 0.0);
        if (sx == 0) xTies++;
        if (sy == 0) yTies++;
        if (sx * sy > 0) concordant++;
        if (sx * sy < 0) discordant++;
      }
    }
    long pairs = (long) n * (n - 1) / 2;
    if (xTies == pairs || yTies == pairs) return Double.NaN;
    return (concordant - discordant) / Math.sqrt((double) (pairs - xTies) * (pairs - yTies));
  }

  @Test
  void exactPValueCountsPermutationsByInversions() {
    for (int n = 3; n <= 7; n++) {
      // histogram of inversion counts over all n! permutations
      int pairs = n * (n - 1) / 2;
      long[] byInversions = new long[pairs + 1];
      long permutations = countPermutations(new int[n], 0, new boolean[n], byInversions);
      for (int c = 0; c <= pairs; c++) {
        long atMost = 0;
        for (int k = 0; k <= Math.min(c, pairs - c); k++) atMost += byInversions[k];
        double expected = Math.min(1, 2.0 * atMost / permutations);
        assertThat(RankCorrelation.kendallExactPValue(n, c))
            .as("n=%d c=%d", n, c)
            .isCloseTo(expected, within(1e-14));
      }
    }
  }

  private static long countPermutations(int[] p, int filled, boolean[] used, long[] byInversions) {
    if (filled == p.length) {
      int inversions = 0;
      for (int i = 0; i < p.length; i++) {
        for (int j = i + 1; j < p.length; j++) if (p[i] > p[j]) inversions++;
      }
      byInversions[inversions]++;
      return 1;
    }
    long count = 0;
    for (int v = 0; v < p.length; v++) {
      if (used[v]) continue;
      used[v] = true;
      p[filled] = v;
      count += countPermutations(p, filled + 1, used, byInversions);
      used[v] = false;
    }
    return count;
  }

  @Test
  void kendallUsesTheExactPValueForSmallUntiedSamples() {
    // 4 items, one discordant pair of 6: p = 2 P(inversions <= 1) = 2 (1 + 3) / 24
    Correlation c =
        RankCorrelation.kendallTau(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4});
    assertThat(c.coefficient()).isCloseTo(4.0 / 6, within(1e-15));
    assertThat(c.pValue()).isCloseTo(8.0 / 24, within(1e-15));
  }

  @Test
  void spearmanHandComputed() {
    // untied: rho = 1 - 6 sum d^2 / (n (n^2 - 1)) = 1 - 6 * 4 / 120
    Correlation c =
        RankCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5});
    assertThat(c.coefficient()).isCloseTo(0.8, within(1e-15));
    // t with 3 degrees of freedom: P(|T| >= t) = 1 - (2 / pi)(theta + sin theta cos theta),
    // theta = atan(t / sqrt 3)
    double t = 0.8 * Math.sqrt(3 / (1 - 0.64));
    double theta = Math.atan(t / Math.sqrt(3));
    double p = 1 - 2 / Math.PI * (theta + Math.sin(theta) * Math.cos(theta));
    assertThat(c.pValue()).isCloseTo(p, within(1e-14));
    assertThat(c.n()).isEqualTo(5);
  }

  @Test
  void averageRanksShareTiedPositions() {
    assertThat(RankCorrelation.averageRanks(new double[] {3, -0.0, 7, 0.0, 3, 3}))
        .containsExactly(4, 1.5, 6, 1.5, 4, 4);
  }

  @Test
  void perfectOrderHasPValueZeroForSpearman() {
    double[] x = {1, 2, 3, 4, 5, 6};
    double[] y = {-10, -5, 0, 0.5, 8, 100};
    assertThat(RankCorrelation.spearman(x, y)).isEqualTo(new Correlation(1, 0, 6));
    double[] reversed = {6, 5, 4, 3, 2, 1};
    assertThat(RankCorrelation.spearman(x, reversed)).isEqualTo(new Correlation(-1, 0, 6));
  }

  @Test
  void undefinedForFewerThanThreePairsOrAConstantSide() {
    double[][] xs = {{}, {1}, {1, 2}, {4, 4, 4, 4}, {1, 2, 3, 4}};
    double[][] ys = {{}, {1}, {2, 1}, {1, 2, 3, 4}, {-0.0, 0.0, 0.0, -0.0}};
    for (int i = 0; i < xs.length; i++) {
      for (Correlation c :
          new Correlation[] {
            RankCorrelation.spearman(xs[i], ys[i]), RankCorrelation.kendallTau(xs[i], ys[i])
          }) {
        assertThat(c.coefficient()).as("case %d", i).isNaN();
        assertThat(c.pValue()).as("case %d", i).isNaN();
        assertThat(c.n()).isEqualTo(xs[i].length);
      }
    }
    assertThat(RankCorrelation.kendallDistance(xs[3], ys[3])).isNaN();
  }

  @Test
  void nanIsRejectedByIndex() {
    double[] ok = {1, 2, 3};
    double[] bad = {1, 2, Double.NaN};
    assertThatThrownBy(() -> RankCorrelation.spearman(bad, ok))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x[2]");
    assertThatThrownBy(() -> RankCorrelation.kendallTau(ok, bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("y[2]");
    assertThatThrownBy(() -> RankCorrelation.kendallTau(ok, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x has 3, y has 2");
  }

  @Test
  void kendallDistanceIsTheFractionOfDiscordantPairsWithoutTies() {
    double[] x = {1, 2, 3, 4};
    assertThat(RankCorrelation.kendallDistance(x, x)).isZero();
    assertThat(RankCorrelation.kendallDistance(x, new double[] {4, 3, 2, 1})).isEqualTo(1);
    // 2 of 6 pairs discordant
    assertThat(RankCorrelation.kendallDistance(x, new double[] {2, 1, 4, 3}))
        .isCloseTo(2.0 / 6, within(1e-15));
  }

  @Test
  void inversionsMatchPairCounting() {
    Random random = new Random(7);
    for (int trial = 0; trial < 100; trial++) {
      int[] a = random.ints(random.nextInt(200), 0, 20).toArray();
      long expected = 0;
      for (int i = 0; i < a.length; i++) {
        for (int j = i + 1; j < a.length; j++) if (a[i] > a[j]) expected++;
      }
      assertThat(RankCorrelation.inversions(a)).isEqualTo(expected);
      assertThat(a).isSorted();
    }
  }
}
