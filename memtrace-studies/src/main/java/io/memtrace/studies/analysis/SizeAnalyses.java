package io.memtrace.studies.analysis;

import static io.memtrace.studies.analysis.AnalysisSql.exec;
import static io.memtrace.studies.analysis.AnalysisSql.firstSetting;
import static io.memtrace.studies.analysis.AnalysisSql.literal;

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
 * Study A across a suite of sizes x steps: which models are compared, score bins, the fully
 * memorized share by size, and transitions between score bins across sizes (at one step) and across
 * steps (of one size).
 *
 * <pre>
 * analysis_sizes(model, family, size BIGINT,  -- non-embedding parameters
 *        step BIGINT)            -- the models compared across sizes: per family and size, the one
 *                                -- at the chosen step (default: the size's last scored step)
 * analysis_score_bins(model, family, non_embedding_parameters, step, context, continuation,
 *        bin INTEGER,            -- study A's 12 bins: 0 = {0}, 1 = (0, .1), k = [(k-1)/10, k/10)
 *                                -- for k = 2..10, 11 = {1}
 *        rows BIGINT, share DOUBLE)  -- of the model's rows for (C, L)
 * analysis_exact_by_size(family, size, step, model, context, continuation, rows BIGINT,
 *        exact_share DOUBLE,     -- fully memorized share of each compared model
 *        ci_low DOUBLE, ci_high DOUBLE)  -- its 95% bootstrap interval over rows
 * analysis_transitions(model_a, model_b, context, continuation,
 *        bin_a INTEGER, bin_b INTEGER,  -- 5 bins: <= .2, <= .4, <= .6, <= .8, > .8
 *        rows BIGINT, probability DOUBLE)  -- P(bin_b in model B | bin_a in model A), same rows,
 *                                          -- every ordered pair of models
 * </pre>
 */
final class SizeAnalyses {
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

  private SizeAnalyses() {}

  /**
   * The models compared across sizes: of every family and size, the one at {@code step} (null: the
   * size's last scored step; models without a known step count as their size's only one).
   */
  static void selectSizes(Connection c, Long step) throws SQLException {
    String chosen =
        step != null
            ? "step = " + step
            : "step IS NOT DISTINCT FROM (SELECT max(step) FROM scored t WHERE t.family IS NOT"
                + " DISTINCT FROM s.family AND t.size = s.size)";
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_sizes AS WITH scored AS (SELECT model, family,"
            + " non_embedding_parameters AS size, step FROM models JOIN memorization_sources"
            + " USING (model)) SELECT model, family, size, step FROM scored s WHERE "
            + chosen
            + " ORDER BY family, size, model");
  }

  static List<String> run(Connection c, Path figures) throws SQLException, IOException {
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_score_bins AS SELECT model, any_value(family) AS family,"
            + " any_value(non_embedding_parameters) AS non_embedding_parameters, any_value(step)"
            + " AS step, context, continuation, "
            + BIN12
            + " AS bin, count(*) AS rows, count(*) / sum(count(*)) OVER (PARTITION BY model,"
            + " context, continuation) AS share FROM memorization JOIN models USING (model)"
            + " GROUP BY model, context, continuation, bin");
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_exact_by_size AS SELECT family, size, step, model,"
            + " context, continuation, count(*) AS rows, avg(exact::INT) AS exact_share FROM"
            + " memorization JOIN analysis_sizes USING (model) GROUP BY ALL ORDER BY ALL");
    MeanBands.add(
        c,
        "analysis_exact_by_size",
        List.of("model", "context", "continuation"),
        List.of("VARCHAR", "INTEGER", "INTEGER"),
        "SELECT model, context, continuation, [exact::INT::DOUBLE] FROM memorization JOIN"
            + " analysis_sizes USING (model) ORDER BY ALL",
        -1);
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
    binFigure(c, figures);
    exactFigure(c, figures);
    transitionFigures(c, figures);
    return List.of(
        "analysis_sizes", "analysis_score_bins", "analysis_exact_by_size", "analysis_transitions");
  }

  /** Score bins of the compared models, smallest first. */
  private static void binFigure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, bin, share FROM analysis_score_bins JOIN analysis_sizes"
                    + " USING (model) WHERE context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " ORDER BY size, model, bin")) {
      while (r.next()) {
        series
            .computeIfAbsent(r.getString(1), k -> allBins())
            .put(BINS12[r.getInt(2)], r.getDouble(3));
      }
    }
    Figures.bars(
        dir,
        "score_bins",
        "Share of rows per memorization score (C=" + cl[0] + ", L=" + cl[1] + stepTitle(c) + ")",
        "score bin",
        "share of rows",
        series);
  }

  /** Every one of the 12 bins at zero, in order: a bin no row falls in is drawn too. */
  private static Map<String, Double> allBins() {
    Map<String, Double> bins = new LinkedHashMap<>();
    for (String b : BINS12) bins.put(b, 0.0);
    return bins;
  }

  /** Fully memorized share against size: one line per family and (C, L). */
  private static void exactFigure(Connection c, Path dir) throws SQLException, IOException {
    Map<String, List<double[]>> exact = new LinkedHashMap<>();
    long families = AnalysisSql.scalar(c, "SELECT count(DISTINCT family) FROM analysis_sizes");
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT family, context, continuation, size, exact_share, ci_low, ci_high FROM"
                    + " analysis_exact_by_size ORDER BY family, context, continuation, size")) {
      while (r.next()) {
        String label =
            (families > 1 ? r.getString(1) + " " : "") + "C=" + r.getInt(2) + " L=" + r.getInt(3);
        exact
            .computeIfAbsent(label, k -> new ArrayList<>())
            .add(new double[] {r.getLong(4), r.getDouble(5), r.getDouble(6), r.getDouble(7)});
      }
    }
    Figures.bands(
        dir,
        "exact_by_size",
        "Fully memorized share by model size" + stepTitle(c),
        "non-embedding parameters",
        "share fully memorized",
        exact,
        true);
  }

  /**
   * Transition heatmaps for the first (C, L): between every ordered pair of sizes of a family at
   * the compared step, and between consecutive steps (both ways) of each family's largest size.
   */
  private static void transitionFigures(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    List<String[]> pairs = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT a.model, b.model FROM analysis_sizes a JOIN analysis_sizes b ON a.family"
                    + " IS NOT DISTINCT FROM b.family AND a.model <> b.model ORDER BY a.size,"
                    + " a.model, b.size, b.model")) {
      while (r.next()) pairs.add(new String[] {"transitions_", r.getString(1), r.getString(2)});
    }
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "WITH largest AS (SELECT family, max(size) AS size FROM analysis_sizes GROUP BY"
                    + " family), steps AS (SELECT m.model, m.family, m.step, row_number() OVER"
                    + " (PARTITION BY m.family ORDER BY m.step, m.model) AS k FROM models m JOIN"
                    + " memorization_sources USING (model) JOIN largest l ON m.family IS NOT"
                    + " DISTINCT FROM l.family AND m.non_embedding_parameters = l.size WHERE m.step"
                    + " IS NOT NULL) SELECT a.model, b.model FROM steps a JOIN steps b ON a.family"
                    + " IS NOT DISTINCT FROM b.family AND abs(a.k - b.k) = 1 ORDER BY a.k, b.k")) {
      while (r.next()) {
        pairs.add(new String[] {"transitions_steps_", r.getString(1), r.getString(2)});
      }
    }
    for (String[] pair : pairs) {
      double[][] p = new double[5][5];
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT bin_a, bin_b, probability FROM analysis_transitions WHERE model_a = "
                      + literal(pair[1])
                      + " AND model_b = "
                      + literal(pair[2])
                      + " AND context = "
                      + cl[0]
                      + " AND continuation = "
                      + cl[1])) {
        while (r.next()) p[r.getInt(1)][r.getInt(2)] = r.getDouble(3);
      }
      Figures.heatmap(
          dir,
          pair[0] + Figures.fileName(pair[1]) + "_to_" + Figures.fileName(pair[2]),
          "P(bin in " + pair[2] + " | bin in " + pair[1] + "), C=" + cl[0] + " L=" + cl[1],
          "bin in " + pair[2],
          "bin in " + pair[1],
          BINS5,
          p);
    }
  }

  /** ", step N" when every compared model is at one known step, else "". */
  static String stepTitle(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(DISTINCT step), count(step), count(*), any_value(step) FROM"
                    + " analysis_sizes")) {
      r.next();
      return r.getLong(1) == 1 && r.getLong(2) == r.getLong(3) ? ", step " + r.getLong(4) : "";
    }
  }
}
