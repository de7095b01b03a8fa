package io.memtrace.studies.analysis;

import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.studies.results.ResultsDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A synthetic training run with a planted effect: each row's log-likelihood at a checkpoint is a
 * row effect plus a checkpoint effect, plus tau(steps since the row's cohort checkpoint) once the
 * row has been trained; difference in differences must recover tau for every cohort and checkpoint,
 * whatever the row and checkpoint effects.
 */
class CausalMemorizationTest {
  @TempDir Path dir;

  static final int BATCH = 2;
  static final long[] CHECKPOINTS = {2, 4, 6, 8};

  static double tau(long stepsSince) {
    return 0.3 - 0.02 * stepsSince;
  }

  /** The first checkpoint at or after the optimizer step that trained the row. */
  static long cohortCheckpoint(long row) {
    long trainedAt = row / BATCH + 1;
    for (long c : CHECKPOINTS) if (c >= trainedAt) return c;
    throw new AssertionError();
  }

  /**
   * A memtrace suite (batch in suite.json, held-out rows as controls too), or Pythia's setting: the
   * batch given, no held-out rows, only rows not yet trained as controls.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void differenceInDifferencesRecoversThePlantedEffect(boolean memtraceSuite) throws Exception {
    Path suite = Files.createDirectories(dir.resolve("suite"));
    if (memtraceSuite)
      Files.writeString(
          suite.resolve("suite.json"),
          "{\"hash\": \"h\", \"preset\": \"t\", \"batch\": "
              + BATCH
              + ", \"row_length\": 9, \"steps\": 8, \"models\": [], \"held_out\": \"heldout\","
              + " \"held_out_rows\": 6}");
    Path db = dir.resolve("r.duckdb");
    Random random = new Random(5);
    double[] rowEffect = new double[20];
    for (int r = 0; r < rowEffect.length; r++) rowEffect[r] = -3 + random.nextDouble();
    double[] heldEffect = new double[memtraceSuite ? 6 : 0];
    for (int r = 0; r < heldEffect.length; r++) heldEffect[r] = -3 + random.nextDouble();
    try (ResultsDatabase results = ResultsDatabase.open(db)) {
      var c = results.connection();
      try (PreparedStatement models =
              c.prepareStatement(
                  "INSERT INTO models VALUES (?, ?, 'f', 1000, 100, ?, NULL, NULL)");
          PreparedStatement sources =
              c.prepareStatement("INSERT INTO memorization_sources VALUES (?, ?, 8, true)");
          PreparedStatement membership =
              c.prepareStatement("INSERT INTO membership VALUES (?, ?, ?, 4, 4, ?, 0, 0, 0)")) {
        for (long step : CHECKPOINTS) {
          String model = "f-step" + step;
          double checkpointEffect = random.nextDouble();
          models.setString(1, model);
          models.setString(2, model);
          models.setLong(3, step);
          models.execute();
          sources.setString(1, model);
          sources.setString(2, suite.resolve("rows").toString());
          sources.execute();
          for (int r = 0; r < rowEffect.length; r++) {
            double y = rowEffect[r] + checkpointEffect;
            if (r / BATCH + 1 <= step) y += tau(step - cohortCheckpoint(r));
            insert(membership, model, "member", r, -y);
          }
          for (int r = 0; r < heldEffect.length; r++) {
            insert(membership, model, "heldout", r, -(heldEffect[r] + checkpointEffect));
          }
        }
      }
      if (!memtraceSuite) {
        // Without the rows per step there is no training order to estimate from.
        assertThat(CausalMemorization.run(c, dir.resolve("figures"), null)).isEmpty();
      }
      CausalMemorization.run(c, dir.resolve("figures"), memtraceSuite ? null : BATCH);
    }
    Map<String, List<Object>> rows =
        table(
            db,
            "SELECT cohort_checkpoint, pre_checkpoint, checkpoint, steps_since, treated, controls,"
                + " effect FROM analysis_causal_memorization ORDER BY ALL");
    // Cohorts 4, 6, 8 (rows 0-3, trained by checkpoint 2, have no checkpoint before them):
    // 3 + 2 + 1 (cohort, checkpoint) pairs.
    assertThat(rows).hasSize(6);
    for (List<Object> r : rows.values()) {
      long cohort = (Long) r.get(0);
      long at = (Long) r.get(2);
      assertThat(r.get(1)).isEqualTo(cohort - 2);
      assertThat(r.get(3)).isEqualTo(at - cohort);
      // 2 optimizer steps per checkpoint interval, 2 rows per step
      assertThat(r.get(4)).isEqualTo(4L);
      // not yet trained at the checkpoint (2 per later step) and the held-out rows
      assertThat(r.get(5)).isEqualTo(rowEffect.length - 2 * at + heldEffect.length);
      assertThat((Double) r.get(6)).as(r.toString()).isCloseTo(tau(at - cohort), within(1e-12));
    }
    Map<String, List<Object>> profile =
        table(
            db,
            "SELECT steps_since, cohorts, treated, effect FROM analysis_memorization_profile"
                + " ORDER BY steps_since");
    assertThat(profile.values())
        .extracting(r -> r.get(0) + ":" + r.get(1) + ":" + r.get(2))
        .containsExactly("0:3:12", "2:2:8", "4:1:4");
    for (List<Object> r : profile.values()) {
      assertThat((Double) r.get(3)).isCloseTo(tau((Long) r.get(0)), within(1e-12));
    }
    assertThat(dir.resolve("figures").resolve("memorization_profile.png")).exists();
  }

  private static void insert(PreparedStatement p, String model, String split, long row, double loss)
      throws Exception {
    p.setString(1, model);
    p.setString(2, split);
    p.setLong(3, row);
    p.setDouble(4, loss);
    p.execute();
  }
}
