package io.memtrace.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Against scipy's values, written by tools/rank_fixtures.py. */
class RankGoldenTest {
  private static final JsonNode GOLDEN = load();

  private static JsonNode load() {
    try (InputStream in =
        RankGoldenTest.class.getResourceAsStream("/io/memtrace/stats/rank_golden.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<JsonNode> cases() {
    return StreamSupport.stream(GOLDEN.get("cases").spliterator(), false);
  }

  static Stream<JsonNode> distributions() {
    return StreamSupport.stream(GOLDEN.get("distributions").spliterator(), false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void spearmanMatchesScipy(JsonNode c) {
    Correlation rho = RankCorrelation.spearman(doubles(c.get("x")), doubles(c.get("y")));
    assertThat(rho.coefficient()).isCloseTo(c.get("rho").asDouble(), within(1e-12));
    assertThat(rho.pValue()).isCloseTo(c.get("rho_p").asDouble(), withinPercentage(1e-7));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void kendallMatchesScipy(JsonNode c) {
    Correlation tau = RankCorrelation.kendallTau(doubles(c.get("x")), doubles(c.get("y")));
    assertThat(tau.coefficient()).isCloseTo(c.get("tau").asDouble(), within(1e-12));
    assertThat(tau.pValue()).isCloseTo(c.get("tau_p").asDouble(), withinPercentage(1e-7));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distributions")
  void distributionFunctionsMatchScipy(JsonNode d) {
    if (d.has("t")) {
      assertThat(Distributions.studentTCdf(d.get("t").asDouble(), d.get("df").asDouble()))
          .isCloseTo(d.get("t_cdf").asDouble(), withinPercentage(1e-7));
    } else {
      assertThat(Distributions.normalCdf(d.get("z").asDouble()))
          .isCloseTo(d.get("normal_cdf").asDouble(), withinPercentage(1e-7));
    }
  }

  private static double[] doubles(JsonNode array) {
    double[] v = new double[array.size()];
    for (int i = 0; i < v.length; i++) v[i] = array.get(i).asDouble();
    return v;
  }
}
