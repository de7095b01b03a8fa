package io.memtrace.studies;

import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.studies.analysis.AnalysisRunner;
import io.memtrace.studies.analysis.AnalysisSettings;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import io.memtrace.studies.prediction.PredictionRunner;
import io.memtrace.studies.prediction.PredictionSettings;
import io.memtrace.studies.tracing.TaskSpecs;
import io.memtrace.studies.tracing.TracingRunner;
import io.memtrace.studies.tracing.TracingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both studies from Java with their defaults, as the README shows them: a few lines each, one
 * results database, the models registered once for both.
 */
class StudiesFromJavaTest {
  @TempDir Path dir;

  @Test
  void bothStudiesInAFewLinesShareOneDatabase() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    Path index =
        StudyFixtures.index(
            dir, List.of("Paris is the capital of France.", "Berlin is the capital of Germany."));
    Path taskFile = dir.resolve("capitals.jsonl");
    Files.writeString(
        taskFile,
        "{\"input\": \"capital of France\", \"output\": \"Paris\"}\n"
            + "{\"input\": \"capital of Germany\", \"output\": \"Berlin\"}\n");
    Path db = dir.resolve("results.duckdb");
    Path figures = dir.resolve("figures");

    // As in the README:
    var models = List.of(ModelRef.of(StudyFixtures.A));
    var memorization =
        MemorizationSettings.of(
            models, rows, new RowSelection.Sample(30, 1), List.of(8), List.of(4, 16));
    MemorizationRunner.Result scores = MemorizationRunner.run(memorization, db, Reporter.SILENT);
    var analyses = AnalysisRunner.run(new AnalysisSettings(figures, null, false, 1), db).tables();
    var tasks = TaskSpecs.load(List.of(taskFile.toString()), null, null, null, null);
    String summary =
        TracingRunner.run(TracingSettings.of(tasks, index, models, figures), db, Reporter.SILENT);
    var predictor =
        PredictionRunner.train(
            PredictionSettings.of("pythia-tiny", 8, 16, figures), 2, dir.resolve("predictor"), db);

    assertThat(scores.rows()).isEqualTo(30);
    assertThat(table(db, "SELECT count(*) FROM memorization").get("0").get(0)).isEqualTo(60L);
    assertThat(analyses).extracting(AnalysisRunner.Written::table).contains("analysis_score_bins");
    assertThat(summary).contains("capitals");
    assertThat(table(db, "SELECT DISTINCT model FROM tracing_examples")).hasSize(1);
    assertThat(predictor.test()).isNotEmpty();
    assertThat(table(db, "SELECT model FROM models")).hasSize(1);
  }
}
