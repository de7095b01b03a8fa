package io.memtrace.studies.analysis;

import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.studies.results.ResultsExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Study A's analyses against brute force over the scores they summarize. */
class AnalysisRunnerTest {
  @TempDir Path dir;

  @Test
  void analysesEqualBruteForce() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    Path db = dir.resolve("r.duckdb");
    var settings =
        new MemorizationSettings(
            List.of(
                io.memtrace.studies.ModelRef.of(StudyFixtures.A),
                io.memtrace.studies.ModelRef.of(StudyFixtures.B)),
            rows,
            null,
            new RowSelection.Sample(25, 1),
            true,
            null,
            List.of(8, 12),
            List.of(4, 10),
            7,
            1,
            true);
    MemorizationRunner.run(settings, db, Reporter.SILENT);
    Path fig = dir.resolve("fig");
    var result = AnalysisRunner.run(new AnalysisSettings(fig, null, false, 1), db);
    var written = result.tables();
    assertThat(result.report()).isEqualTo(fig.resolve("report.html"));
    assertThat(fig.resolve("tables/analysis_score_bins.parquet")).exists();
    assertThat(written).extracting(AnalysisRunner.Written::table).contains("analysis_score_bins");
    for (var w : written) {
      assertThat(table(db, "SELECT count(*) FROM " + w.table()).get("0").get(0))
          .isEqualTo(w.rows());
    }
    assertThat(fig.resolve("score_bins.png")).exists();
    assertThat(fig.resolve("transitions_pythia-tiny_to_pythia-tiny-sequential-bf16.svg")).exists();
    assertThat(fig.resolve("transitions_pythia-tiny-sequential-bf16_to_pythia-tiny.svg")).exists();
    // Brute force over the scores.
    Map<String, Long> bins = new HashMap<>();
    Map<String, Integer> bin5 = new HashMap<>();
    for (List<Object> r :
        table(db, "SELECT model, row, context, continuation, matches FROM memorization").values()) {
      int m = ((Number) r.get(4)).intValue();
      int l = ((Number) r.get(3)).intValue();
      double score = (double) m / l;
      int b = m == 0 ? 0 : m == l ? 11 : 1 + (int) Math.floor(score * 10 + 1e-12);
      bins.merge(r.get(0) + "|" + r.get(2) + "|" + l + "|" + b, 1L, Long::sum);
      int b5 = score <= 0.2 ? 0 : score <= 0.4 ? 1 : score <= 0.6 ? 2 : score <= 0.8 ? 3 : 4;
      bin5.put(r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + l, b5);
    }
    Map<String, Long> sqlBins = new HashMap<>();
    for (List<Object> r :
        table(db, "SELECT model, context, continuation, bin, rows FROM analysis_score_bins")
            .values()) {
      sqlBins.put(
          r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3),
          ((Number) r.get(4)).longValue());
    }
    assertThat(sqlBins).isEqualTo(bins);
    Map<String, Long> pairs = new HashMap<>();
    Map<String, Long> from = new HashMap<>();
    String[] models = {"pythia-tiny", "pythia-tiny-sequential-bf16"};
    for (var e : bin5.entrySet()) {
      String[] k = e.getKey().split("\\|");
      if (!k[0].equals(models[0])) continue;
      Integer other = bin5.get(models[1] + "|" + k[1] + "|" + k[2] + "|" + k[3]);
      pairs.merge(k[2] + "|" + k[3] + "|" + e.getValue() + "|" + other, 1L, Long::sum);
      from.merge(k[2] + "|" + k[3] + "|" + e.getValue(), 1L, Long::sum);
    }
    for (List<Object> r :
        table(
                db,
                "SELECT context, continuation, bin_a, bin_b, rows,"
                    + " probability FROM analysis_transitions WHERE model_a = 'pythia-tiny'")
            .values()) {
      String key = r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3);
      assertThat(((Number) r.get(4)).longValue()).isEqualTo(pairs.remove(key));
      assertThat(((Number) r.get(5)).doubleValue())
          .isCloseTo(
              (double) ((Number) r.get(4)).longValue()
                  / from.get(r.get(0) + "|" + r.get(1) + "|" + r.get(2)),
              Offset.offset(1e-12));
    }
    assertThat(pairs).isEmpty();
    Path csv = dir.resolve("bins.csv");
    long exported = ResultsExport.export(db, "analysis_score_bins", ResultsExport.Format.CSV, csv);
    assertThat(exported).isEqualTo(sqlBins.size());
    assertThat(Files.readAllLines(csv)).hasSize(1 + sqlBins.size());
  }

  @Test
  void refusesADatabaseWithoutScores() throws Exception {
    Path db = dir.resolve("empty.duckdb");
    try (var r = ResultsDatabase.open(db)) {
      assertThat(r.tables()).contains("models", "memorization");
    }
    assertThatThrownBy(
            () -> AnalysisRunner.run(new AnalysisSettings(dir.resolve("f"), null, false, 1), db))
        .hasMessageContaining("holds no memorization scores");
    assertThatThrownBy(
            () ->
                AnalysisRunner.run(
                    new AnalysisSettings(dir.resolve("f"), null, false, 1),
                    dir.resolve("missing.duckdb")))
        .hasMessageContaining("no such database");
  }
}
