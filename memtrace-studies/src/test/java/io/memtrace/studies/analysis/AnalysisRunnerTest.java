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
            true,
            null);
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
  void extractionAndMembershipAnalysesEqualBruteForce() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    StudyFixtures.heldOut(dir);
    Path db = dir.resolve("r.duckdb");
    var settings =
        new MemorizationSettings(
            List.of(
                io.memtrace.studies.ModelRef.of(StudyFixtures.A),
                io.memtrace.studies.ModelRef.of(StudyFixtures.B)),
            rows,
            null,
            new RowSelection.All(),
            false,
            null,
            List.of(8),
            List.of(4, 10),
            16,
            1,
            true,
            null,
            null,
            3);
    MemorizationRunner.run(settings, db, Reporter.SILENT);
    Path fig = dir.resolve("fig");
    AnalysisRunner.run(new AnalysisSettings(fig, null, false, 1), db);
    assertThat(fig.resolve("extraction_p90.svg")).exists();
    // The top-k figure plots the table's top-k shares: the n = 10 line at each size.
    var plotted =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(fig.resolve("extraction_topk3_p50.json").toFile())
            .get("series")
            .get("top-k 3, n = 10");
    var shares =
        table(
                db,
                "SELECT size, avg(extractable_share) FROM analysis_extraction WHERE sampling ="
                    + " 'top-k 3' AND p = 0.5 AND n = 10 AND context = 8 AND continuation = 4"
                    + " GROUP BY size ORDER BY size")
            .values();
    assertThat(plotted).hasSize(shares.size());
    int point = 0;
    for (List<Object> r : shares) {
      assertThat(plotted.get(point).get(0).asDouble()).isEqualTo(((Number) r.get(0)).doubleValue());
      assertThat(plotted.get(point++).get(1).asDouble()).isEqualTo((Double) r.get(1));
    }
    assertThat(fig.resolve("membership_auc.svg")).exists();
    assertThat(Files.readString(fig.resolve("report.html")))
        .contains("analysis_extraction", "analysis_membership");
    // Extraction: 1 - (1 - q)^n >= p counted row by row.
    for (List<Object> r :
        table(
                db,
                "SELECT model, continuation, sampling, p, n, extractable_share,"
                    + " planted_extractable_share FROM analysis_extraction")
            .values()) {
      String column =
          r.get(2).equals("temperature 1") ? "extraction_logprob" : "extraction_top_k_logprob";
      double p = (Double) r.get(3);
      long n = ((Number) r.get(4)).longValue();
      long hits = 0;
      long planted = 0;
      long plantedHits = 0;
      var scored =
          table(
                  db,
                  "SELECT "
                      + column
                      + ", duplicates FROM memorization WHERE model = '"
                      + r.get(0)
                      + "' AND continuation = "
                      + r.get(1))
              .values();
      for (List<Object> m : scored) {
        double q = Math.exp((Double) m.get(0));
        boolean hit = 1 - Math.pow(1 - q, n) >= p;
        if (hit) hits++;
        if (((Number) m.get(1)).intValue() > 1) {
          planted++;
          if (hit) plantedHits++;
        }
      }
      assertThat((Double) r.get(5)).isEqualTo((double) hits / scored.size());
      assertThat((Double) r.get(6)).isEqualTo((double) plantedHits / planted);
    }
    checkMembership(db, "pythia-tiny");
    // Another reference model, named.
    AnalysisRunner.run(
        new AnalysisSettings(fig, null, false, 1, null, null, "pythia-tiny-sequential-bf16", null),
        db);
    checkMembership(db, "pythia-tiny-sequential-bf16");
    assertThatThrownBy(
            () ->
                AnalysisRunner.run(
                    new AnalysisSettings(fig, null, false, 1, null, null, "no-such-model", null),
                    db))
        .isInstanceOf(io.memtrace.BadInputException.class)
        .hasMessageContaining("no-such-model");
  }

  /**
   * Every AUC of analysis_membership as the share of (member, non-member) pairs ordered right, ties
   * half; the reference measure against {@code reference}.
   */
  private static void checkMembership(Path db, String reference) throws Exception {
    var evaluated =
        table(
                db,
                "SELECT model, continuation, measure, members, auc, reference FROM"
                    + " analysis_membership")
            .values();
    assertThat(evaluated).extracting(r -> r.get(2)).contains("loss", "reference", "min-k%++");
    assertThat(evaluated)
        .filteredOn(r -> r.get(2).equals("reference"))
        .allSatisfy(r -> assertThat(r.get(5)).isEqualTo(reference));
    for (List<Object> r : evaluated) {
      String score =
          switch ((String) r.get(2)) {
            case "loss" -> "-b.loss";
            case "zlib" -> "-b.zlib_ratio";
            case "min-k%" -> "b.min_k";
            case "min-k%++" -> "b.min_k_plus_plus";
            default -> "o.loss - b.loss";
          };
      String from =
          "FROM membership b JOIN memorization_sources USING (model) LEFT JOIN membership o ON"
              + " o.model = '"
              + r.get(5)
              + "' AND o.split = b.split AND o.row = b.row AND o.context = b.context AND"
              + " o.continuation = b.continuation LEFT JOIN memorization m ON b.split = 'member'"
              + " AND m.model = b.model AND m.row = b.row AND m.context = b.context AND"
              + " m.continuation = b.continuation WHERE b.model = '"
              + r.get(0)
              + "' AND b.continuation = "
              + r.get(1);
      String members =
          r.get(3).equals("planted")
              ? "b.split = 'member' AND m.duplicates > 1"
              : "b.split = 'member'";
      var pairs =
          table(
                  db,
                  "WITH s AS (SELECT b.split, "
                      + members
                      + " AS member, "
                      + score
                      + " AS v "
                      + from
                      + ") SELECT avg(CASE WHEN x.v > y.v THEN 1 WHEN x.v = y.v THEN 0.5 ELSE 0"
                      + " END) FROM s x, s y WHERE x.member AND y.split = 'heldout'")
              .values();
      assertThat((Double) r.get(4))
          .as("%s", r)
          .isCloseTo(((Number) pairs.iterator().next().get(0)).doubleValue(), Offset.offset(1e-9));
    }
  }

  @Test
  void aRunRemovesTheTemporaryFilesAKilledRunLeft() throws Exception {
    Path db = dir.resolve("r.duckdb");
    var settings =
        new MemorizationSettings(
            List.of(io.memtrace.studies.ModelRef.of(StudyFixtures.A)),
            StudyFixtures.rows(dir),
            null,
            new RowSelection.Sample(6, 1),
            true,
            null,
            List.of(8),
            List.of(4),
            7,
            1,
            true,
            null);
    MemorizationRunner.run(settings, db, Reporter.SILENT);
    Path fig = dir.resolve("fig");
    List<Path> stale =
        List.of(
            fig.resolve("report.html.tmp"),
            fig.resolve("score_bins.png.tmp"),
            fig.resolve("score_bins.svg.tmp"),
            fig.resolve("tables/analysis_score_bins.parquet.tmp"),
            dir.resolve("bins.csv.tmp"));
    for (Path f : stale) {
      Files.createDirectories(f.getParent());
      Files.writeString(f, "half written by a killed run");
    }
    Path mine = Files.writeString(fig.resolve("notes.tmp"), "mine");

    AnalysisRunner.run(new AnalysisSettings(fig, null, false, 1), db);
    ResultsExport.export(
        db, "analysis_score_bins", ResultsExport.Format.CSV, dir.resolve("bins.csv"));

    for (Path f : stale) assertThat(f).doesNotExist();
    assertThat(mine).hasContent("mine");
    assertThat(fig.resolve("score_bins.png")).isNotEmptyFile();
    assertThat(dir.resolve("bins.csv")).isNotEmptyFile();
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

  @Test
  void embeddingAnalysesHoldTheirDefinitions() throws Exception {
    // Rows at levels 4/4 (model A's own continuations), 2/4 (the same with their last two
    // continuation tokens changed: greedy decoding still gives the first two) and mostly 0/4.
    Path fixture = StudyFixtures.rows(dir);
    Path rows = dir.resolve("levels");
    try (var in = io.memtrace.tokens.TokenStore.open(fixture);
        var out = io.memtrace.tokens.TokenStoreWriter.create(rows, 260)) {
      for (long r = 0; r < in.sequenceCount(); r++) {
        int[] row = in.sequence(r);
        if (r % 8 == 4) {
          row[10] = (row[10] + 1) % 256;
          row[11] = (row[11] + 1) % 256;
        }
        out.add(row);
      }
      out.commit();
    }
    Path db = dir.resolve("e.duckdb");
    MemorizationRunner.run(
        MemorizationSettings.of(
            List.of(io.memtrace.studies.ModelRef.of(StudyFixtures.A)),
            rows,
            new RowSelection.All(),
            List.of(8),
            List.of(4)),
        db,
        Reporter.SILENT);
    Path fig = dir.resolve("efig");
    AnalysisRunner.run(new AnalysisSettings(fig, null, true, 1), db);
    // One projected point per scored row, at the row's exact level.
    assertThat(
            table(
                db,
                "SELECT count(*) FROM analysis_embedding_rows e JOIN memorization m USING (row)"
                    + " WHERE e.level = m.matches"))
        .isEqualTo(table(db, "SELECT count(*) FROM memorization"));
    // Similarity: 1 on the diagonal, symmetric.
    assertThat(
            table(
                    db,
                    "SELECT count(*) FROM analysis_embedding_similarity a JOIN"
                        + " analysis_embedding_similarity b ON a.step = b.step AND a.level_a = b.level_b"
                        + " AND a.level_b = b.level_a WHERE abs(a.cosine - b.cosine) > 1e-12 OR"
                        + " (a.level_a = a.level_b AND abs(a.cosine - 1) > 1e-6)")
                .get("0")
                .get(0))
        .isEqualTo(0L);
    // Drift is measured from level L/2: its own distance is zero at every step.
    assertThat(
            (Long)
                table(db, "SELECT count(DISTINCT level) FROM analysis_embedding_drift")
                    .get("0")
                    .get(0))
        .isGreaterThan(1L);
    assertThat(
            table(db, "SELECT max(abs(distance)) FROM analysis_embedding_drift WHERE level = 2")
                .get("0")
                .get(0))
        .isEqualTo(0.0);
    // The figures hold their tables' numbers.
    var drift =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(fig.resolve("embedding_drift.json").toFile());
    for (List<Object> r :
        table(db, "SELECT level, step, signed_distance FROM analysis_embedding_drift").values()) {
      var points = drift.get("series").get(r.get(0) + "/4");
      boolean found = false;
      for (var p : points) {
        found |=
            p.get(0).asInt() == ((Number) r.get(1)).intValue() + 1
                && Math.abs(p.get(1).asDouble() - ((Number) r.get(2)).doubleValue()) < 1e-12;
      }
      assertThat(found).as("drift point %s", r).isTrue();
    }
    assertThat(fig.resolve("embedding_rows.png")).exists();
    assertThat(fig.resolve("embedding_similarity.png")).exists();
  }
}
