package io.memtrace.studies.analysis;

import static io.memtrace.studies.analysis.AnalysisSql.LARGEST;
import static io.memtrace.studies.analysis.AnalysisSql.exec;

import io.memtrace.memorization.EmbeddingCentroids;
import io.memtrace.stats.Pca;
import io.memtrace.studies.results.ResultsDatabase;
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
import java.util.TreeMap;

/**
 * Study A's embedding drift, similarity and sentence-level projection as its released code draws
 * them ({@code embedding_drift.py}): each exact level k's states averaged over the rows and over
 * positions 0 .. C - 1 + j (the context and the first j + 1 decoding steps, {@link
 * EmbeddingCentroids#runningMean}), for j = 1 .. L - 1 (the released code's token j + 1):
 *
 * <pre>
 * analysis_embedding_similarity(model, context, continuation, step, level_a, level_b,
 *        cosine DOUBLE)            -- cosine similarity of the two levels' running means
 * analysis_embedding_drift(model, context, continuation, step, level,
 *        distance DOUBLE,          -- Euclidean, from the running mean of level L/2 (half memorized)
 *        signed_distance DOUBLE)   -- negative when the level lies before L/2 on the first principal
 *                                  -- component of that step's running means
 * analysis_embedding_rows(model, context, continuation, row, level, pc1, pc2)
 *                                  -- each row's mean state over its C + L - 1 positions, projected
 *                                  -- on the first two principal components of all rows
 * </pre>
 *
 * Differences from the released code: it samples 100 rows per level and groups scores within ±0.02
 * of k/10 (for L = 16 its "half" holds the rows of 7 and 8 matches); here every scored row counts
 * at its exact level k / L. A principal component's sign is arbitrary: the first is oriented so
 * that the highest level present lies after L/2.
 */
final class EmbeddingDrift {
  private EmbeddingDrift() {}

  static void createTables(Connection c) throws SQLException {
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_embedding_similarity (model VARCHAR, context INTEGER,"
            + " continuation INTEGER, step INTEGER, level_a INTEGER, level_b INTEGER, cosine"
            + " DOUBLE)");
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_embedding_drift (model VARCHAR, context INTEGER,"
            + " continuation INTEGER, step INTEGER, level INTEGER, distance DOUBLE,"
            + " signed_distance DOUBLE)");
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_embedding_rows (model VARCHAR, context INTEGER,"
            + " continuation INTEGER, row BIGINT, level INTEGER, pc1 DOUBLE, pc2 DOUBLE)");
  }

  static void write(ResultsDatabase db, String model, EmbeddingCentroids e, List<Long> rowIds)
      throws SQLException {
    int l = e.continuation();
    List<Integer> levels = new ArrayList<>();
    for (int k = 0; k <= l; k++) if (e.rows(k) > 0) levels.add(k);
    int half = l / 2;
    db.transaction(
        conn -> {
          try (PreparedStatement sim =
                  conn.prepareStatement(
                      "INSERT INTO analysis_embedding_similarity VALUES (?, ?, ?, ?, ?, ?, ?)");
              PreparedStatement drift =
                  conn.prepareStatement(
                      "INSERT INTO analysis_embedding_drift VALUES (?, ?, ?, ?, ?, ?, ?)");
              PreparedStatement rows =
                  conn.prepareStatement(
                      "INSERT INTO analysis_embedding_rows VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int j = 1; j < l; j++) {
              Map<Integer, float[]> means = new TreeMap<>();
              for (int k : levels) means.put(k, e.runningMean(k, j));
              for (int a : levels) {
                for (int b : levels) {
                  sim.setString(1, model);
                  sim.setInt(2, e.context());
                  sim.setInt(3, l);
                  sim.setInt(4, j);
                  sim.setInt(5, a);
                  sim.setInt(6, b);
                  sim.setDouble(7, EmbeddingDynamics.cosine(means.get(a), means.get(b)));
                  sim.addBatch();
                }
              }
              if (!means.containsKey(half) || levels.size() < 2) continue;
              double[][] pc = Pca.project(means.values().toArray(float[][]::new), 2);
              int h = levels.indexOf(half);
              double orient = pc[levels.size() - 1][0] < pc[h][0] ? -1 : 1;
              for (int i = 0; i < levels.size(); i++) {
                double d = EmbeddingDynamics.euclidean(means.get(levels.get(i)), means.get(half));
                drift.setString(1, model);
                drift.setInt(2, e.context());
                drift.setInt(3, l);
                drift.setInt(4, j);
                drift.setInt(5, levels.get(i));
                drift.setDouble(6, d);
                drift.setDouble(7, orient * pc[i][0] < orient * pc[h][0] ? -d : d);
                drift.addBatch();
              }
            }
            sim.executeBatch();
            drift.executeBatch();
            List<float[]> states = e.rowMeans();
            if (states.size() >= 2) {
              double[][] xy = Pca.project(states.toArray(float[][]::new), 2);
              for (int i = 0; i < xy.length; i++) {
                rows.setString(1, model);
                rows.setInt(2, e.context());
                rows.setInt(3, l);
                rows.setLong(4, rowIds.get(i));
                rows.setInt(5, e.rowLevels().get(i));
                rows.setDouble(6, xy[i][0]);
                rows.setDouble(7, xy[i][1]);
                rows.addBatch();
              }
              rows.executeBatch();
            }
          }
        });
  }

  /**
   * For the largest compared model and the first (C, L) it was scored with: the similarity heatmap
   * at the last step, the drift from L/2 per level over the steps, and the rows' projection.
   */
  static void figures(Connection c, Path dir) throws SQLException, IOException {
    String model;
    int context;
    int continuation;
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, context, continuation FROM analysis_embedding_rows WHERE model = "
                    + LARGEST
                    + " GROUP BY ALL ORDER BY context, continuation LIMIT 1")) {
      if (!r.next()) return;
      model = r.getString(1);
      context = r.getInt(2);
      continuation = r.getInt(3);
    }
    String where =
        " WHERE model = "
            + AnalysisSql.literal(model)
            + " AND context = "
            + context
            + " AND continuation = "
            + continuation;
    String setting = model + ", C=" + context + ", L=" + continuation;

    List<Integer> levels = new ArrayList<>();
    Map<String, Double> cells = new LinkedHashMap<>();
    int last = continuation - 1;
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT level_a, level_b, cosine FROM analysis_embedding_similarity"
                    + where
                    + " AND step = "
                    + last
                    + " ORDER BY level_a, level_b")) {
      while (r.next()) {
        if (!levels.contains(r.getInt(1))) levels.add(r.getInt(1));
        cells.put(r.getInt(1) + "," + r.getInt(2), r.getDouble(3));
      }
    }
    if (!levels.isEmpty()) {
      String[] labels = levels.stream().map(k -> k + "/" + continuation).toArray(String[]::new);
      double[][] m = new double[levels.size()][levels.size()];
      double lo = 1;
      for (int i = 0; i < levels.size(); i++) {
        for (int j = 0; j < levels.size(); j++) {
          m[i][j] = cells.get(levels.get(i) + "," + levels.get(j));
          lo = Math.min(lo, m[i][j]);
        }
      }
      Figures.heatmap(
          dir,
          "embedding_similarity",
          "Cosine similarity of levels' mean states, " + setting + ", token " + continuation,
          "exact level",
          "exact level",
          labels,
          m,
          lo,
          1,
          "cosine similarity");
    }

    Map<String, List<double[]>> drift = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT level, step, signed_distance FROM analysis_embedding_drift"
                    + where
                    + " ORDER BY level DESC, step")) {
      while (r.next()) {
        drift
            .computeIfAbsent(r.getInt(1) + "/" + continuation, k -> new ArrayList<>())
            .add(new double[] {r.getInt(2) + 1, r.getDouble(3)});
      }
    }
    Figures.lines(
        dir,
        "embedding_drift",
        "Drift from the half-memorized level, " + setting,
        "generated tokens averaged (released code's token)",
        "signed Euclidean distance from level " + continuation / 2 + "/" + continuation,
        drift,
        false);

    Map<String, List<double[]>> rows = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT level, pc1, pc2 FROM analysis_embedding_rows"
                    + where
                    + " ORDER BY level DESC, row")) {
      while (r.next()) {
        rows.computeIfAbsent(r.getInt(1) + "/" + continuation, k -> new ArrayList<>())
            .add(new double[] {r.getDouble(2), r.getDouble(3)});
      }
    }
    Figures.scatter(
        dir,
        "embedding_rows",
        "Rows' mean last-layer states by exact level, " + setting,
        "first principal component",
        "second principal component",
        rows);
  }
}
