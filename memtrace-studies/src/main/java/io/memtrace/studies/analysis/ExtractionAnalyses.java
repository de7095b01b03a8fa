package io.memtrace.studies.analysis;

import static io.memtrace.studies.analysis.AnalysisSql.exec;
import static io.memtrace.studies.analysis.AnalysisSql.firstSetting;

import io.memtrace.memorization.ExtractionProbability;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (n, p)-discoverable extraction (Hayes et al. 2024) of the models compared across sizes: the share
 * of rows that n samples reproduce with probability at least p, from each row's extraction
 * probability, beside the share greedy decoding reproduces.
 *
 * <pre>
 * analysis_extraction(model, family, size, step, context, continuation,
 *        sampling VARCHAR,           -- 'temperature 1', or 'top-k K'
 *        p DOUBLE, n BIGINT,         -- p in .5, .9; n in 1, 10, 100, 1000
 *        rows BIGINT,
 *        extractable_share DOUBLE,   -- rows with 1 - (1 - q)^n >= p
 *        greedy_exact_share DOUBLE,  -- rows greedy decoding reproduces (score 1)
 *        planted_rows BIGINT,        -- rows of planted passages (duplicates > 1); 0 without a
 *                                    -- manifest
 *        planted_extractable_share DOUBLE, other_extractable_share DOUBLE)  -- the same split
 *                                    -- into planted rows and the rest (NULL when a part is empty)
 * </pre>
 */
final class ExtractionAnalyses {
  static final double[] PS = {0.5, 0.9};
  static final long[] NS = {1, 10, 100, 1000};

  private ExtractionAnalyses() {}

  /** A group of rows and its counts per (p, n). */
  private static final class Counts {
    long rows;
    long exact;
    long planted;
    final long[][] hits = new long[PS.length][NS.length];
    final long[][] plantedHits = new long[PS.length][NS.length];
  }

  static List<String> run(Connection c, Path figures) throws SQLException, IOException {
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_extraction (model VARCHAR, family VARCHAR, size BIGINT,"
            + " step BIGINT, context INTEGER, continuation INTEGER, sampling VARCHAR, p DOUBLE, n"
            + " BIGINT, rows BIGINT, extractable_share DOUBLE, greedy_exact_share DOUBLE,"
            + " planted_rows BIGINT, planted_extractable_share DOUBLE, other_extractable_share"
            + " DOUBLE)");
    // Group key -> counts; the key carries the model's size columns and the sampling.
    Map<List<Object>, Counts> groups = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, family, size, step, context, continuation, exact, duplicates,"
                    + " extraction_logprob, extraction_top_k, extraction_top_k_logprob FROM"
                    + " memorization JOIN analysis_sizes USING (model) WHERE extraction_logprob"
                    + " IS NOT NULL ORDER BY size, model, context, continuation")) {
      while (r.next()) {
        // Every compared model has a family and a step (analysis_sizes).
        List<Object> key =
            new ArrayList<>(
                List.of(
                    r.getString(1),
                    r.getString(2),
                    r.getLong(3),
                    r.getLong(4),
                    r.getInt(5),
                    r.getInt(6)));
        boolean exact = r.getBoolean(7);
        boolean planted = r.getInt(8) > 1;
        add(groups, key, "temperature 1", r.getDouble(9), exact, planted);
        int k = r.getInt(10);
        if (!r.wasNull()) add(groups, key, "top-k " + k, r.getDouble(11), exact, planted);
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO analysis_extraction VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (var e : groups.entrySet()) {
        List<Object> key = e.getKey();
        Counts n = e.getValue();
        for (int i = 0; i < PS.length; i++) {
          for (int j = 0; j < NS.length; j++) {
            for (int col = 0; col < 7; col++) p.setObject(col + 1, key.get(col));
            p.setDouble(8, PS[i]);
            p.setLong(9, NS[j]);
            p.setLong(10, n.rows);
            p.setDouble(11, (double) n.hits[i][j] / n.rows);
            p.setDouble(12, (double) n.exact / n.rows);
            p.setLong(13, n.planted);
            p.setObject(14, n.planted == 0 ? null : (double) n.plantedHits[i][j] / n.planted);
            long other = n.rows - n.planted;
            p.setObject(
                15, other == 0 ? null : (double) (n.hits[i][j] - n.plantedHits[i][j]) / other);
            p.addBatch();
          }
        }
      }
      p.executeBatch();
    }
    figure(c, figures);
    return List.of("analysis_extraction");
  }

  private static void add(
      Map<List<Object>, Counts> groups,
      List<Object> model,
      String sampling,
      double logq,
      boolean exact,
      boolean planted) {
    List<Object> key = new ArrayList<>(model);
    key.add(sampling);
    Counts n = groups.computeIfAbsent(key, k -> new Counts());
    n.rows++;
    if (exact) n.exact++;
    if (planted) n.planted++;
    for (int i = 0; i < PS.length; i++) {
      for (int j = 0; j < NS.length; j++) {
        if (ExtractionProbability.extractable(logq, NS[j], PS[i])) {
          n.hits[i][j]++;
          if (planted) n.plantedHits[i][j]++;
        }
      }
    }
  }

  /**
   * Per sampling and p, the extractable share at each n against size, beside the greedy exact
   * share: extraction_pP for temperature 1, extraction_topK_pP for top-k sampling.
   */
  private static void figure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    List<String> samplings = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT DISTINCT sampling FROM analysis_extraction ORDER BY sampling DESC")) {
      while (r.next()) samplings.add(r.getString(1));
    }
    for (String sampling : samplings) {
      String prefix =
          sampling.equals("temperature 1")
              ? "extraction_"
              : "extraction_topk" + sampling.substring(6) + "_";
      for (double p : PS) figure(c, dir, cl, sampling, p, prefix + "p" + Math.round(p * 100));
    }
  }

  private static void figure(
      Connection c, Path dir, int[] cl, String sampling, double p, String name)
      throws SQLException, IOException {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    series.put("greedy (score 1)", new ArrayList<>());
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT n, size, avg(extractable_share), avg(greedy_exact_share) FROM"
                + " analysis_extraction WHERE sampling = ? AND p = ? AND context = ? AND"
                + " continuation = ? GROUP BY n, size ORDER BY n, size")) {
      s.setString(1, sampling);
      s.setDouble(2, p);
      s.setInt(3, cl[0]);
      s.setInt(4, cl[1]);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          series
              .computeIfAbsent(sampling + ", n = " + r.getLong(1), k -> new ArrayList<>())
              .add(new double[] {r.getLong(2), r.getDouble(3)});
          if (r.getLong(1) == NS[0]) {
            series.get("greedy (score 1)").add(new double[] {r.getLong(2), r.getDouble(4)});
          }
        }
      }
    }
    Figures.lines(
        dir,
        name,
        "Rows extractable with probability >= "
            + p
            + " by n samples, "
            + sampling
            + " (C="
            + cl[0]
            + ", L="
            + cl[1]
            + SizeAnalyses.stepTitle(c)
            + ")",
        "non-embedding parameters",
        "share of rows",
        series,
        true);
  }
}
