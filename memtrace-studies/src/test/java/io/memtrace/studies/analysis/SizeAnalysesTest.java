package io.memtrace.studies.analysis;

import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.studies.results.ResultsDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A suite of 3 sizes x 3 steps written straight into a results database (random scores of 200
 * shared rows): the analyses compare sizes at one step and steps of one size, never a size's
 * checkpoints added up, and every figure holds exactly its table's numbers. Truth: counts over the
 * rows as written.
 */
class SizeAnalysesTest {
  static final long[] SIZES = {1_000, 20_000, 300_000};
  static final long[] STEPS = {100, 200, 300};
  static final int ROWS = 200;
  static final int C = 8;
  static final int L = 10;

  @TempDir Path dir;
  Path db;

  /** matches[model][row]; the model of size i at step j is "s{i}/step{j}". */
  final Map<String, int[]> matches = new TreeMap<>();

  @BeforeEach
  void suite() throws Exception {
    db = dir.resolve("suite.duckdb");
    SplittableRandom random = new SplittableRandom(3);
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      Connection c = r.connection();
      try (PreparedStatement models =
              c.prepareStatement("INSERT INTO models VALUES (?, ?, 'fam', ?, ?, ?, NULL, NULL)");
          PreparedStatement sources =
              c.prepareStatement(
                  "INSERT INTO memorization_sources VALUES (?, 'rows', NULL, true)");
          PreparedStatement rows =
              c.prepareStatement(
                  "INSERT INTO memorization VALUES (?, ?, ?, ?, ?, ?, ?, ?, [], ?::FLOAT[], 0, 0,"
                      + " 0, false, NULL, NULL, NULL, NULL)")) {
        for (int i = 0; i < SIZES.length; i++) {
          for (long step : STEPS) {
            String model = "s" + i + "/step" + step;
            models.setString(1, model);
            models.setString(2, "/m/" + model);
            models.setLong(3, 2 * SIZES[i]);
            models.setLong(4, SIZES[i]);
            models.setLong(5, step);
            models.execute();
            sources.setString(1, model);
            sources.execute();
            int[] m = new int[ROWS];
            for (int row = 0; row < ROWS; row++) {
              // Larger and later models memorize more, so shares differ across the suite.
              m[row] =
                  random.nextInt(100) < 5 * (i + 1) * (int) (step / 100) ? L : random.nextInt(L);
              float[] entropy = new float[C + L - 1];
              for (int k = 0; k < entropy.length; k++) entropy[k] = k + (float) m[row] / L;
              rows.setString(1, model);
              rows.setLong(2, row);
              rows.setInt(3, C);
              rows.setInt(4, L);
              rows.setDouble(5, (double) m[row] / L);
              rows.setInt(6, m[row]);
              rows.setBoolean(7, m[row] == L);
              rows.setInt(8, m[row]);
              rows.setString(9, Arrays.toString(entropy));
              rows.addBatch();
            }
            rows.executeBatch();
            matches.put(model, m);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 100, 200})
  void sizesAreComparedAtOneStep(long requested) throws Exception {
    Long step = requested < 0 ? null : requested;
    long at = step == null ? STEPS[STEPS.length - 1] : step;
    Path figures = dir.resolve("fig" + requested);
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      MemorizationAnalyses.run(r, figures, step, null, null);
    }
    assertThat(table(db, "SELECT model FROM analysis_sizes ORDER BY size").values())
        .extracting(row -> row.get(0))
        .containsExactly("s0/step" + at, "s1/step" + at, "s2/step" + at);

    // The fully memorized share of each size: its rows at that step, not its steps added up.
    JsonNode figure = new ObjectMapper().readTree(figures.resolve("exact_by_size.json").toFile());
    JsonNode line = figure.get("series").get("C=" + C + " L=" + L);
    assertThat(line).hasSize(SIZES.length);
    for (int i = 0; i < SIZES.length; i++) {
      double truth =
          Arrays.stream(matches.get("s" + i + "/step" + at)).filter(m -> m == L).count()
              / (double) ROWS;
      assertThat(line.get(i).get(0).asLong()).isEqualTo(SIZES[i]);
      assertThat(line.get(i).get(1).asDouble()).isCloseTo(truth, within(1e-12));
      // its 95% bootstrap interval brackets it
      assertThat(line.get(i).get(2).asDouble()).isLessThanOrEqualTo(truth);
      assertThat(line.get(i).get(3).asDouble()).isGreaterThanOrEqualTo(truth);
      var stored =
          table(db, "SELECT exact_share FROM analysis_exact_by_size WHERE size = " + SIZES[i]);
      assertThat(((Number) stored.get("0").get(0)).doubleValue()).isCloseTo(truth, within(1e-12));
    }
    assertThat(figure.get("title").asText()).contains("step " + at);

    // Transitions between every ordered pair of sizes at that step, and consecutive steps of the
    // largest size; none across sizes at other steps.
    for (int a = 0; a < SIZES.length; a++) {
      for (int b = 0; b < SIZES.length; b++) {
        if (a == b) continue;
        String name = "transitions_s" + a + "_step" + at + "_to_s" + b + "_step" + at;
        assertThat(figures.resolve(name + ".png")).exists();
        checkTransition(
            figures.resolve(name + ".json"), "s" + a + "/step" + at, "s" + b + "/step" + at);
      }
    }
    for (int k = 0; k + 1 < STEPS.length; k++) {
      String early = "s2_step" + STEPS[k];
      String late = "s2_step" + STEPS[k + 1];
      assertThat(figures.resolve("transitions_steps_" + early + "_to_" + late + ".png")).exists();
      assertThat(figures.resolve("transitions_steps_" + late + "_to_" + early + ".png")).exists();
    }
    try (var files = Files.list(figures)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")))
          .filteredOn(f -> f.startsWith("transitions_") && !f.startsWith("transitions_steps_"))
          .hasSize(SIZES.length * (SIZES.length - 1))
          .allMatch(f -> f.split("_step" + at).length == 3);
    }
  }

  @Test
  void scoreBinFigureHoldsItsTableAndEntropyIsByTokenIndex() throws Exception {
    Path figures = dir.resolve("fig");
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      MemorizationAnalyses.run(r, figures, null, null, null);
    }
    JsonNode bars = new ObjectMapper().readTree(figures.resolve("score_bins.json").toFile());
    for (int i = 0; i < SIZES.length; i++) {
      String model = "s" + i + "/step300";
      Map<Integer, Integer> counts = new HashMap<>();
      for (int m : matches.get(model)) {
        counts.merge(m == 0 ? 0 : m == L ? 11 : 1 + 10 * m / L, 1, Integer::sum);
      }
      JsonNode series = bars.get("series").get(model);
      // all 12 bins, in order, the empty ones at zero
      assertThat(series.fieldNames()).toIterable().containsExactly(SizeAnalyses.BINS12);
      for (int bin = 0; bin < 12; bin++) {
        assertThat(series.get(SizeAnalyses.BINS12[bin]).asDouble())
            .isCloseTo((double) counts.getOrDefault(bin, 0) / ROWS, within(1e-12));
      }
    }
    // entropy[k] = k + score: the distribution over token k + 1, so position t holds t - 1 + score.
    List<List<Object>> entropy =
        List.copyOf(
            table(
                    db,
                    "SELECT position, mean_entropy FROM analysis_entropy WHERE model ="
                        + " 's2/step300' AND score_class = '1' ORDER BY position")
                .values());
    assertThat(entropy).hasSize(C + L - 1);
    assertThat(entropy.getFirst().get(0)).isEqualTo(1);
    for (List<Object> row : entropy) {
      int t = ((Number) row.get(0)).intValue();
      assertThat(((Number) row.get(1)).doubleValue()).isCloseTo(t - 1 + 1.0, within(1e-5));
    }
  }

  /** The heatmap's matrix against the 5-bin transition counts of the two models' rows. */
  private void checkTransition(Path json, String a, String b) throws Exception {
    double[][] truth = new double[5][5];
    double[] from = new double[5];
    for (int row = 0; row < ROWS; row++) {
      int x = bin5(matches.get(a)[row]);
      int y = bin5(matches.get(b)[row]);
      truth[x][y]++;
      from[x]++;
    }
    JsonNode values = new ObjectMapper().readTree(json.toFile()).get("values");
    for (int x = 0; x < 5; x++) {
      for (int y = 0; y < 5; y++) {
        double p = from[x] == 0 ? 0 : truth[x][y] / from[x];
        assertThat(values.get(x).get(y).asDouble()).as(a + "->" + b).isCloseTo(p, within(1e-12));
      }
    }
  }

  private static int bin5(int m) {
    double s = (double) m / L;
    return s <= 0.2 ? 0 : s <= 0.4 ? 1 : s <= 0.6 ? 2 : s <= 0.8 ? 3 : 4;
  }
}
