package io.memtrace.studies.prediction;

import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import io.memtrace.tokens.TokenStoreWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Study A (f) on the tiny fixture model's scored rows: results stored per predictor and level, the
 * saved predictor reloaded gives the trained one's test results, refusals.
 */
class PredictionRunnerTest {
  @TempDir Path dir;

  @Test
  void trainsStoresAndReloads() throws Exception {
    Path rows = dir.resolve("rows");
    SplittableRandom r = new SplittableRandom(8);
    try (TokenStoreWriter w = TokenStoreWriter.create(rows, 260)) {
      for (int i = 0; i < 60; i++) {
        int[] row = new int[24];
        // Half the rows repeat a short cycle, which the model continues more often.
        for (int j = 0; j < row.length; j++) row[j] = i % 2 == 0 ? 40 + j % 3 : r.nextInt(256);
        w.add(row);
      }
      w.commit();
    }
    Path db = dir.resolve("r.duckdb");
    var memorization =
        new MemorizationSettings(
            List.of(ModelRef.of(StudyFixtures.A)),
            rows,
            null,
            new RowSelection.All(),
            false,
            null,
            List.of(8),
            List.of(12),
            64,
            1,
            true,
            null);
    MemorizationRunner.run(memorization, db, Reporter.SILENT);
    Path out = dir.resolve("predictor");
    // A small predictor keeps the test fast; the default is as wide as the model, 4 layers.
    var settings =
        new PredictionSettings("pythia-tiny", 8, 12, 60, 1, 1, dir.resolve("fig"), 16, 2, 2);
    PredictionRunner.Trained trained = PredictionRunner.train(settings, 6, out, db);
    assertThat(trained.test())
        .extracting(e -> e.predictor())
        .contains("transformer", "released-study-a", "majority", "logistic-context-only");
    assertThat(trained.network().width()).isEqualTo(16);
    assertThat(trained.network().layers()).isEqualTo(2);
    assertThat(trained.network().heads()).isEqualTo(2);
    // The released configuration trains on the training rows below level L only (counted in
    // ReleasedPredictorTest; this fixture's model reproduces few rows in full).
    assertThat(trained.releasedTrainRows())
        .isPositive()
        .isLessThanOrEqualTo(trained.split().train().length);
    assertThat(trained.predictor()).exists();
    assertThat(
            trained.split().test().length
                + trained.split().train().length
                + trained.split().validation().length)
        .isEqualTo(trained.rows());

    String all =
        "SELECT predictor, tokens, token_accuracy, sequences, sequence_accuracy, f1 FROM"
            + " prediction_results WHERE level = -1 AND predictor = 'transformer'";
    Map<String, List<Object>> stored = table(db, all);
    assertThat(stored).hasSize(1);
    // Levels partition the test rows.
    Map<String, List<Object>> sums =
        table(
            db,
            "SELECT predictor, sum(tokens) FILTER (level >= 0) = sum(tokens) FILTER (level = -1),"
                + " sum(sequences) FILTER (level >= 0) = sum(sequences) FILTER (level = -1) FROM"
                + " prediction_results GROUP BY predictor");
    for (List<Object> row : sums.values()) assertThat(row.subList(1, 3)).containsOnly(true);

    PredictionRunner.Evaluated eval = PredictionRunner.evaluate(settings, out, db);
    assertThat(eval.trainedOn()).isEqualTo("pythia-tiny");
    // Reloaded from its file, the predictor gives the same test results (eval replaced them),
    // and the baselines' rows stay: the predictor, the released configuration, the majority
    // class and the two logistic regressions.
    assertThat(table(db, all)).isEqualTo(stored);
    assertThat(table(db, "SELECT DISTINCT predictor FROM prediction_results ORDER BY predictor"))
        .hasSize(5);

    var otherLength =
        new PredictionSettings("pythia-tiny", 8, 10, 60, 1, 1, dir.resolve("fig"), 16, 2, 2);
    assertThatThrownBy(() -> PredictionRunner.evaluate(otherLength, out, db))
        .hasMessageContaining("was trained with continuation 12, not 10");
    var nobody = new PredictionSettings("nobody", 8, 12, 60, 1, 1, dir.resolve("fig"), 16, 2, 2);
    assertThatThrownBy(() -> PredictionRunner.train(nobody, 6, out, db))
        .hasMessageContaining("has no model 'nobody'");
    var oddHeads = settings.withNetwork(16, 2, 3);
    assertThatThrownBy(() -> PredictionRunner.train(oddHeads, 6, out, db))
        .hasMessageContaining("3 heads do not split a predictor of width 16");
  }

  @Test
  void featureEntropiesAreMemorizesEntropies() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    Path db = dir.resolve("e.duckdb");
    MemorizationRunner.run(
        new MemorizationSettings(
            List.of(ModelRef.of(StudyFixtures.A)),
            rows,
            null,
            new RowSelection.All(),
            false,
            null,
            List.of(8),
            List.of(12),
            64,
            1,
            true,
            null),
        db,
        Reporter.SILENT);
    try (var results = io.memtrace.studies.results.ResultsDatabase.open(db);
        var lm = io.memtrace.model.LanguageModel.load(StudyFixtures.A, 1)) {
      PredictRows scored = PredictRows.read(results, "pythia-tiny", 8, 12);
      assertThat(scored.eosSuppressed()).isTrue();
      var features =
          io.memtrace.memorization.MemorizationPredictor.features(
              lm, scored.rows(), lm.config().eosTokenIds(), 16);
      int d = features.dim();
      for (int i = 0; i < scored.rows().size(); i++) {
        var stored =
            table(
                db,
                "SELECT entropy::VARCHAR FROM memorization WHERE row = "
                    + scored.rows().get(i).id());
        String[] e = ((String) stored.get("0").get(0)).replaceAll("[\\[\\] ]", "").split(",");
        for (int j = 0; j < 12; j++) {
          assertThat((double) features.steps()[i][j * (d + 1) + d])
              .as("row %d, token %d", i, j)
              .isCloseTo(
                  Double.parseDouble(e[8 - 1 + j]), org.assertj.core.data.Offset.offset(1e-4));
        }
      }
    }
  }
}
