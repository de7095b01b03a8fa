package io.memtrace.studies.analysis;

import static io.memtrace.studies.analysis.AnalysisSql.LARGEST;
import static io.memtrace.studies.analysis.AnalysisSql.exec;
import static io.memtrace.studies.analysis.AnalysisSql.firstSetting;
import static io.memtrace.studies.analysis.AnalysisSql.scalar;

import io.memtrace.studies.results.ResultsDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study A's analyses over the {@code memorization} table, each a table of the database (SQL, so
 * users can rerun or extend it) and a figure: the size comparisons of {@link SizeAnalyses},
 * extraction by sampling ({@link ExtractionAnalyses}), membership inference ({@link
 * MembershipAnalyses}, when held-out rows were scored), corpus spans of the continuations ({@link
 * SpanAnalyses}, when memorize had an index), then
 *
 * <pre>
 * analysis_entropy(model, context, continuation,
 *        score_class VARCHAR,        -- '0', '0.25', '0.5', '1': score of the row
 *        position INTEGER,           -- token index t of the predicted token (0-based in the row,
 *                                    -- the continuation starts at t = C), as analysis_ngrams
 *        mean_entropy DOUBLE,        -- nats of the distribution predicting token t
 *        rows BIGINT, ci_low DOUBLE, ci_high DOUBLE)  -- 95% bootstrap interval over rows
 * analysis_duplication(model, context, continuation, duplicates, rows, mean_score, exact_share,
 *        ci_low, ci_high)            -- 95% bootstrap interval of mean_score over rows
 * analysis_duplication_fit(model, context, continuation, slope, intercept, r2, rows)
 *                                    -- least-squares score against ln(copies)
 * analysis_training_steps(family, size, step, context, continuation, rows, mean_score,
 *        exact_share, ci_low, ci_high)  -- every scored checkpoint, when a suite has several
 *                                    -- steps; the interval is mean_score's
 * </pre>
 */
public final class MemorizationAnalyses {
  private MemorizationAnalyses() {}

  /**
   * Runs every analysis the table's contents allow, sizes compared at {@code step} (null: each
   * size's last scored step), membership's reference model {@code reference} (null: each family's
   * smallest compared size), rows per optimizer step {@code batch} for causal memorization (null:
   * the suite's); returns the names of the tables written.
   */
  public static List<String> run(
      ResultsDatabase db, Path figures, Long step, String reference, Integer batch)
      throws SQLException, IOException {
    Connection c = db.connection();
    SizeAnalyses.selectSizes(c, step);
    List<String> written = new ArrayList<>(SizeAnalyses.run(c, figures));
    written.addAll(ExtractionAnalyses.run(c, figures));
    written.addAll(MembershipAnalyses.run(c, figures, reference, db.file()));
    written.addAll(SpanAnalyses.run(c, figures));
    written.addAll(CausalMemorization.run(c, figures, batch));

    // entropy[i] of a row is the distribution over token i + 1: position = i + 1.
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_entropy AS SELECT model, context, continuation,"
            + " score_class, position, avg(e) AS mean_entropy, count(*) AS rows FROM (SELECT"
            + " model, context, continuation, CASE WHEN matches = continuation THEN '1' WHEN"
            + " matches = 0 THEN '0' WHEN 2 * matches = continuation THEN '0.5' WHEN 4 * matches"
            + " = continuation THEN '0.25' END AS score_class, unnest(entropy) AS e,"
            + " generate_subscripts(entropy, 1)::INTEGER AS position FROM memorization) WHERE"
            + " score_class IS NOT NULL GROUP BY ALL");
    MeanBands.add(
        c,
        "analysis_entropy",
        List.of("model", "context", "continuation", "score_class"),
        List.of("VARCHAR", "INTEGER", "INTEGER", "VARCHAR"),
        "SELECT model, context, continuation, score_class, entropy::DOUBLE[] FROM (SELECT *,"
            + " CASE WHEN matches = continuation THEN '1' WHEN matches = 0 THEN '0' WHEN 2 *"
            + " matches = continuation THEN '0.5' WHEN 4 * matches = continuation THEN '0.25' END"
            + " AS score_class FROM memorization) WHERE score_class IS NOT NULL ORDER BY model,"
            + " context, continuation, score_class, row",
        1);
    written.add("analysis_entropy");
    entropyFigure(c, figures);

    if (scalar(c, "SELECT count(*) FROM memorization WHERE duplicates IS NOT NULL") > 0) {
      exec(
          c,
          "CREATE OR REPLACE TABLE analysis_duplication AS SELECT model, context, continuation,"
              + " duplicates, count(*) AS rows, avg(score) AS mean_score, avg(exact::INT) AS"
              + " exact_share FROM memorization WHERE duplicates IS NOT NULL GROUP BY ALL");
      exec(
          c,
          "CREATE OR REPLACE TABLE analysis_duplication_fit AS SELECT model, context,"
              + " continuation, regr_slope(score, ln(duplicates)) AS slope,"
              + " regr_intercept(score, ln(duplicates)) AS intercept, regr_r2(score,"
              + " ln(duplicates)) AS r2, count(*) AS rows FROM memorization WHERE duplicates IS"
              + " NOT NULL GROUP BY ALL");
      MeanBands.add(
          c,
          "analysis_duplication",
          List.of("model", "context", "continuation", "duplicates"),
          List.of("VARCHAR", "INTEGER", "INTEGER", "INTEGER"),
          "SELECT model, context, continuation, duplicates, [score] FROM memorization WHERE"
              + " duplicates IS NOT NULL ORDER BY ALL",
          -1);
      written.add("analysis_duplication");
      written.add("analysis_duplication_fit");
      duplicationFigure(c, figures);
    }
    if (scalar(
            c,
            "SELECT count(DISTINCT step) FROM models JOIN memorization_sources USING (model)"
                + " WHERE step IS NOT NULL")
        > 1) {
      exec(
          c,
          "CREATE OR REPLACE TABLE analysis_training_steps AS SELECT family,"
              + " non_embedding_parameters AS size, step, context, continuation, count(*) AS rows,"
              + " avg(score) AS mean_score, avg(exact::INT) AS exact_share FROM memorization JOIN"
              + " models USING (model) WHERE step IS NOT NULL GROUP BY ALL ORDER BY ALL");
      MeanBands.add(
          c,
          "analysis_training_steps",
          List.of("family", "size", "step", "context", "continuation"),
          List.of("VARCHAR", "BIGINT", "BIGINT", "INTEGER", "INTEGER"),
          "SELECT family, non_embedding_parameters, step, context, continuation, [score] FROM"
              + " memorization JOIN models USING (model) WHERE step IS NOT NULL ORDER BY ALL",
          -1);
      written.add("analysis_training_steps");
      stepsFigure(c, figures);
    }
    return written;
  }

  private static void entropyFigure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    String model = "";
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT score_class, position, mean_entropy, model, ci_low, ci_high FROM"
                    + " analysis_entropy WHERE"
                    + " model = "
                    + LARGEST
                    + " AND context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " ORDER BY score_class DESC, position")) {
      while (r.next()) {
        series
            .computeIfAbsent("score " + r.getString(1), k -> new ArrayList<>())
            .add(new double[] {r.getInt(2), r.getDouble(3), r.getDouble(5), r.getDouble(6)});
        model = r.getString(4);
      }
    }
    Figures.bands(
        dir,
        "entropy",
        "Entropy per token by score class (" + model + ", C=" + cl[0] + ", L=" + cl[1] + ")",
        "token index (continuation from C)",
        "entropy (nats)",
        series,
        false);
  }

  private static void duplicationFigure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, duplicates, mean_score, ci_low, ci_high FROM analysis_duplication JOIN"
                    + " analysis_sizes USING (model) WHERE context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " ORDER BY size, model, duplicates")) {
      while (r.next()) {
        series
            .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
            .add(new double[] {r.getInt(2), r.getDouble(3), r.getDouble(4), r.getDouble(5)});
      }
    }
    Figures.bands(
        dir,
        "duplication",
        "Memorization score by duplication count (C="
            + cl[0]
            + ", L="
            + cl[1]
            + SizeAnalyses.stepTitle(c)
            + ")",
        "copies in the training rows",
        "mean score",
        series,
        true);
  }

  /** Mean score over training, one line per family and size. */
  private static void stepsFigure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT family, size, step, mean_score, ci_low, ci_high FROM analysis_training_steps"
                    + " WHERE context"
                    + " = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " ORDER BY family, size, step")) {
      while (r.next()) {
        series
            .computeIfAbsent(
                r.getString(1) + ", " + String.format("%,d", r.getLong(2)) + " parameters",
                k -> new ArrayList<>())
            .add(new double[] {r.getLong(3), r.getDouble(4), r.getDouble(5), r.getDouble(6)});
      }
    }
    Figures.bands(
        dir,
        "training_steps",
        "Memorization score over training (C=" + cl[0] + ", L=" + cl[1] + ")",
        "training step",
        "mean score",
        series,
        false);
  }
}
