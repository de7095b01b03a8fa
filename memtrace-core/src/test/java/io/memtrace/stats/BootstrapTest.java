package io.memtrace.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Percentile bootstrap of means against the normal theory it approximates for large samples: the
 * interval's half-width is 1.96 sigma / sqrt(n), and intervals of repeated samples cover the true
 * mean about 95% of the time.
 */
class BootstrapTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void largeSamplesMatchTheNormalInterval(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 2000;
    double[][] values = new double[n][2];
    for (double[] row : values) {
      row[0] = 5 + 2 * r.nextGaussian();
      row[1] = r.nextDouble() < 0.3 ? 1 : 0; // a share, as the fully memorized share is
    }
    double[][] ci = Bootstrap.meanIntervals(values, 2, Bootstrap.RESAMPLES, 0.95, seed);
    assertThat((ci[0][1] - ci[0][0]) / 2).isCloseTo(1.96 * 2 / Math.sqrt(n), within(0.012));
    double p = 0;
    for (double[] row : values) p += row[1] / n;
    assertThat((ci[1][1] - ci[1][0]) / 2)
        .isCloseTo(1.96 * Math.sqrt(p * (1 - p) / n), within(0.003));
  }

  @Test
  void intervalsCoverTheMeanAsOftenAsTheirLevel() {
    SplittableRandom r = new SplittableRandom(7);
    int trials = 300;
    int covered = 0;
    for (int t = 0; t < trials; t++) {
      double[][] values = new double[60][1];
      for (double[] row : values) row[0] = -Math.log(r.nextDouble()); // exponential, mean 1
      double[][] ci = Bootstrap.meanIntervals(values, 1, 400, 0.9, t);
      if (ci[0][0] <= 1 && 1 <= ci[0][1]) covered++;
    }
    assertThat((double) covered / trials).isBetween(0.84, 0.95);
  }

  @Test
  void missingValuesAreSkippedAndLonePositionsHaveNoInterval() {
    double[][] values = {{1, Double.NaN, 3}, {2, Double.NaN}, {3, 7, Double.NaN}};
    double[][] ci = Bootstrap.meanIntervals(values, 3, 200, 0.95, 1);
    assertThat(ci[0][0]).isBetween(1.0, 2.0);
    assertThat(ci[0][1]).isBetween(2.0, 3.0);
    assertThat(ci[1][0]).isNaN(); // one value only
    assertThat(ci[2][0]).isNaN();
  }

  @Test
  void quantilesInterpolateAsNumpy() {
    double[] sorted = {1, 2, 4, 8};
    // numpy.quantile([1, 2, 4, 8], [0, 0.25, 0.5, 0.9, 1]) = [1, 1.75, 3, 6.8, 8]
    assertThat(Bootstrap.quantile(sorted, 0)).isEqualTo(1);
    assertThat(Bootstrap.quantile(sorted, 0.25)).isCloseTo(1.75, within(1e-12));
    assertThat(Bootstrap.quantile(sorted, 0.5)).isCloseTo(3, within(1e-12));
    assertThat(Bootstrap.quantile(sorted, 0.9)).isCloseTo(6.8, within(1e-12));
    assertThat(Bootstrap.quantile(sorted, 1)).isEqualTo(8);
  }
}
