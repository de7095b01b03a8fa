package io.memtrace.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class DistributionsTest {
  @Test
  void studentTMatchesClosedFormsForOneAndTwoDegrees() {
    for (double t = -50; t <= 50; t += 0.37) {
      // Cauchy, and F(t) = 1/2 + t / (2 sqrt(2 + t^2)) for two degrees of freedom
      assertThat(Distributions.studentTCdf(t, 1))
          .as("t=%s", t)
          .isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-14));
      assertThat(Distributions.studentTCdf(t, 2))
          .as("t=%s", t)
          .isCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), within(1e-14));
    }
  }

  @Test
  void twoSidedTailsAreTwiceTheLowerTail() {
    for (double t : new double[] {0, 0.3, 2, 9, 60}) {
      assertThat(Distributions.studentTTwoSided(t, 7))
          .isCloseTo(2 * Distributions.studentTCdf(-t, 7), withinPercentage(1e-12));
      assertThat(Distributions.normalTwoSided(-t))
          .isCloseTo(2 * Distributions.normalCdf(-t), withinPercentage(1e-12));
    }
    assertThat(Distributions.studentTTwoSided(Double.POSITIVE_INFINITY, 3)).isZero();
  }

  @Test
  void studentTApproachesTheNormalForManyDegrees() {
    // The true relative gap is phi(t)(t^3 + t) / (4 df Phi(t)), below 3e-8 here; losing digits to
    // ln Γ(5e8) ~ 1e10 would show as about 1e-6.
    for (double t : new double[] {-3, -1, 0.5, 3}) {
      assertThat(Distributions.studentTCdf(t, 1e9))
          .isCloseTo(Distributions.normalCdf(t), withinPercentage(1e-5));
    }
  }

  @Test
  void normalKnownValues() {
    assertThat(Distributions.normalCdf(0)).isEqualTo(0.5);
    assertThat(Distributions.erfc(0)).isEqualTo(1);
    assertThat(Distributions.erfc(1)).isCloseTo(0.15729920705028513, withinPercentage(1e-12));
    assertThat(Distributions.erfc(-1)).isCloseTo(2 - 0.15729920705028513, within(1e-15));
    assertThat(Distributions.normalCdf(-1.959963984540054)).isCloseTo(0.025, within(1e-15));
  }

  @Test
  void logBetaKnownValues() {
    // B(a, 1/2) = sqrt(pi) Γ(a) / Γ(a + 1/2); B(1, b) = 1 / b
    assertThat(Distributions.logBeta(1, 3)).isCloseTo(-Math.log(3), within(1e-15));
    assertThat(Distributions.logBeta(0.5, 0.5)).isCloseTo(Math.log(Math.PI), within(1e-15));
    // Γ(a) / Γ(a + 1/2) = a^(-1/2) (1 + 1/(8a) + 1/(128 a^2) + ...) for large a
    double a = 5e8;
    double expected = 0.5 * Math.log(Math.PI) - 0.5 * Math.log(a) + Math.log1p(1 / (8 * a));
    assertThat(Distributions.logBeta(a, 0.5)).isCloseTo(expected, within(1e-14));
  }

  @Test
  void logGammaKnownValues() {
    assertThat(Distributions.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-15));
    assertThat(Distributions.logGamma(1)).isCloseTo(0, within(1e-15));
    assertThat(Distributions.logGamma(10)).isCloseTo(Math.log(362880), within(1e-14));
    // Γ(0.1) = 9.513507698668731836...
    assertThat(Distributions.logGamma(0.1)).isCloseTo(Math.log(9.513507698668732), within(1e-14));
  }

  @Test
  void rejectsNonPositiveDegreesOfFreedom() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Distributions.studentTCdf(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degrees of freedom");
  }
}
