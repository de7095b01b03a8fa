package io.memtrace.studies.analysis;

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
 * users can rerun or extend it) and a figure:
 *
 * <ul>
 *   <li>{@code analysis_score_bins}: rows per score bin of study A's 12 (bin 0 = {0}, 1 = (0, 0.1),
 *       k = [(k-1)/10, k/10) for k = 2..10, 11 = {1}) per model, context and continuation;
 *   <li>{@code analysis_transitions}: P(5-bin of model B | 5-bin of model A) over the same rows,
 *       for every ordered pair of models (bins <= .2, <= .4, <= .6, <= .8, > .8);
 *   <li>{@code analysis_entropy}: mean entropy per position for the score classes 0, 0.25, 0.5, 1;
 *   <li>{@code analysis_duplication} and {@code analysis_duplication_fit}: score by duplication
 *       count of the row and the least-squares line of score against ln(count);
 *   <li>{@code analysis_training_steps}: scores of a model's checkpoints by training step.
 * </ul>
 */
public final class MemorizationAnalyses {
  static final String[] BINS12 = {
    "0", "(0,.1)", "[.1,.2)", "[.2,.3)", "[.3,.4)", "[.4,.5)", "[.5,.6)", "[.6,.7)", "[.7,.8)",
    "[.8,.9)", "[.9,1)", "1"
  };
  static final String[] BINS5 = {"<=.2", "<=.4", "<=.6", "<=.8", ">.8"};

  /** Study A's 12 bins from integer matches and continuation, exact in integers. */
  static final String BIN12 =
      "CASE WHEN matches = 0 THEN 0 WHEN matches = continuation THEN 11"
          + " ELSE 1 + (10 * matches) // continuation END";

  /** The 5 transition bins: <= .2, <= .4, <= .6, <= .8, > .8, compared as 5 · matches vs L. */
  static final String BIN5 =
      "CASE WHEN 5 * matches <= continuation THEN 0 WHEN 5 * matches <= 2 * continuation THEN 1"
          + " WHEN 5 * matches <= 3 * continuation THEN 2 WHEN 5 * matches <= 4 * continuation"
          + " THEN 3 ELSE 4 END";

  private MemorizationAnalyses() {}

  /** Runs every analysis the table's contents allow; returns the names of the tables written. */
  public static List<String> run(ResultsDatabase db, Path figures)
      throws SQLException, IOException {
    List<String> written = new ArrayList<>();
    Connection c = db.connection();
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_score_bins AS SELECT model,"
            + " any_value(non_embedding_parameters) AS non_embedding_parameters, context,"
            + " continuation, "
            + BIN12
            + " AS bin, count(*) AS rows, count(*) / sum(count(*)) OVER (PARTITION BY model,"
            + " context, continuation) AS share FROM memorization JOIN models USING (model)"
            + " GROUP BY model, context, continuation, bin");
    written.add("analysis_score_bins");
    binFigures(c, figures);

    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_transitions AS WITH b AS (SELECT model, row, context,"
            + " continuation, "
            + BIN5
            + " AS bin FROM memorization) SELECT a.model AS model_a, b.model AS model_b,"
            + " a.context, a.continuation, a.bin AS bin_a, b.bin AS bin_b, count(*) AS rows,"
            + " count(*) / sum(count(*)) OVER (PARTITION BY a.model, b.model, a.context,"
            + " a.continuation, a.bin) AS probability FROM b a JOIN b b ON a.row = b.row AND"
            + " a.context = b.context AND a.continuation = b.continuation AND a.model <> b.model"
            + " GROUP BY a.model, b.model, a.context, a.continuation, a.bin, b.bin");
    written.add("analysis_transitions");
    transitionFigures(c, figures);

    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_entropy AS SELECT model, context, continuation,"
            + " score_class, position, avg(e) AS mean_entropy, count(*) AS rows FROM (SELECT"
            + " model, context, continuation, CASE WHEN matches = continuation THEN '1' WHEN"
            + " matches = 0 THEN '0' WHEN 2 * matches = continuation THEN '0.5' WHEN 4 * matches"
            + " = continuation THEN '0.25' END AS score_class, unnest(entropy) AS e,"
            + " generate_subscripts(entropy, 1) - 1 AS position FROM memorization) WHERE"
            + " score_class IS NOT NULL GROUP BY ALL");
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
          "CREATE OR REPLACE TABLE analysis_training_steps AS SELECT split_part(model, '/', 1)"
              + " AS family, step, context, continuation, count(*) AS rows, avg(score) AS"
              + " mean_score, avg(exact::INT) AS exact_share FROM memorization JOIN models USING"
              + " (model) WHERE step IS NOT NULL GROUP BY ALL");
      written.add("analysis_training_steps");
      stepsFigure(c, figures);
    }
    return written;
  }

  private static void binFigures(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, bin, share FROM analysis_score_bins WHERE context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " ORDER BY non_embedding_parameters, model, bin")) {
      while (r.next()) {
        series
            .computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
            .put(BINS12[r.getInt(2)], r.getDouble(3));
      }
    }
    Figures.bars(
        dir,
        "score_bins",
        "Share of rows per memorization score (C=" + cl[0] + ", L=" + cl[1] + ")",
        "score bin",
        "share of rows",
        series);
    Map<String, List<double[]>> exact = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT context, continuation, non_embedding_parameters, sum(share) FILTER"
                    + " (WHERE bin = 11) FROM analysis_score_bins GROUP BY ALL ORDER BY ALL")) {
      while (r.next()) {
        exact
            .computeIfAbsent("C=" + r.getInt(1) + " L=" + r.getInt(2), k -> new ArrayList<>())
            .add(new double[] {r.getLong(3), r.getDouble(4)});
      }
    }
    Figures.lines(
        dir,
        "exact_by_size",
        "Fully memorized share by model size",
        "non-embedding parameters",
        "share fully memorized",
        exact,
        true);
  }

  private static void transitionFigures(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    List<String> models = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT DISTINCT model, non_embedding_parameters FROM memorization JOIN models"
                    + " USING (model) ORDER BY non_embedding_parameters, model")) {
      while (r.next()) models.add(r.getString(1));
    }
    for (int i = 0; i + 1 < models.size(); i++) {
      double[][] p = new double[5][5];
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT bin_a, bin_b, probability FROM analysis_transitions WHERE model_a = '"
                      + models.get(i).replace("'", "''")
                      + "' AND model_b = '"
                      + models.get(i + 1).replace("'", "''")
                      + "' AND context = "
                      + cl[0]
                      + " AND continuation = "
                      + cl[1])) {
        while (r.next()) p[r.getInt(1)][r.getInt(2)] = r.getDouble(3);
      }
      Figures.heatmap(
          dir,
          "transitions_" + (i + 1),
          "P(bin in " + models.get(i + 1) + " | bin in " + models.get(i) + ")",
          "bin in " + models.get(i + 1),
          "bin in " + models.get(i),
          BINS5,
          p);
    }
  }

  private static void entropyFigure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT score_class, position, mean_entropy FROM analysis_entropy WHERE model ="
                    + " (SELECT model FROM models JOIN memorization_sources USING (model) ORDER BY"
                    + " non_embedding_parameters DESC, step DESC"
                    + " NULLS LAST LIMIT 1) AND context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " ORDER BY score_class DESC, position")) {
      while (r.next()) {
        series
            .computeIfAbsent("score " + r.getString(1), k -> new ArrayList<>())
            .add(new double[] {r.getInt(2), r.getDouble(3)});
      }
    }
    Figures.lines(
        dir,
        "entropy",
        "Entropy per position by score class (largest model, C=" + cl[0] + ", L=" + cl[1] + ")",
        "position",
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
                "SELECT model, duplicates, mean_score FROM analysis_duplication JOIN models USING"
                    + " (model) WHERE context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " ORDER BY non_embedding_parameters, model, duplicates")) {
      while (r.next()) {
        series
            .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
            .add(new double[] {r.getInt(2), r.getDouble(3)});
      }
    }
    Figures.lines(
        dir,
        "duplication",
        "Memorization score by duplication count (C=" + cl[0] + ", L=" + cl[1] + ")",
        "copies in the training rows",
        "mean score",
        series,
        true);
  }

  private static void stepsFigure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT family, step, mean_score FROM analysis_training_steps WHERE context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " ORDER BY family, step")) {
      while (r.next()) {
        series
            .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
            .add(new double[] {r.getLong(2), r.getDouble(3)});
      }
    }
    Figures.lines(
        dir,
        "training_steps",
        "Memorization score over training (C=" + cl[0] + ", L=" + cl[1] + ")",
        "training step",
        "mean score",
        series,
        false);
  }

  /** The smallest (context, continuation) scored: the setting the figures show. */
  private static int[] firstSetting(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT context, continuation FROM memorization GROUP BY ALL ORDER BY ALL LIMIT 1")) {
      return r.next() ? new int[] {r.getInt(1), r.getInt(2)} : new int[] {0, 0};
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
