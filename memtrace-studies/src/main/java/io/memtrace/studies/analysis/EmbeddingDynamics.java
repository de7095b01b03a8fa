package io.memtrace.studies.analysis;

import io.memtrace.memorization.EmbeddingCentroids;
import io.memtrace.model.LanguageModel;
import io.memtrace.stats.Pca;
import io.memtrace.studies.results.MemorizationTable;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study A's embedding dynamics for every scored model and (C, L), recomputed from the stored greedy
 * continuations ({@link EmbeddingCentroids}):
 *
 * <pre>
 * analysis_embedding_centroids(model, context, continuation, level, step, rows, centroid FLOAT[])
 * analysis_embedding_distances(model, context, continuation, step, level_a, level_b, cosine,
 *   euclidean)   -- cosine distance 1 - cos, between the centroids of two exact levels
 * analysis_embedding_pca(model, context, continuation, level, step, pc1, pc2)
 *   -- all centroids of one model and setting projected on their first two principal components
 * </pre>
 */
public final class EmbeddingDynamics {
  private static final int BATCH = 64;

  private EmbeddingDynamics() {}

  public static List<String> run(ResultsDatabase db, Path figures, int threads)
      throws SQLException, IOException {
    Connection c = db.connection();
    EmbeddingDrift.createTables(c);
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE TABLE analysis_embedding_centroids (model VARCHAR, context INTEGER,"
              + " continuation INTEGER, level INTEGER, step INTEGER, rows BIGINT, centroid"
              + " FLOAT[])");
      s.execute(
          "CREATE OR REPLACE TABLE analysis_embedding_distances (model VARCHAR, context INTEGER,"
              + " continuation INTEGER, step INTEGER, level_a INTEGER, level_b INTEGER, cosine"
              + " DOUBLE, euclidean DOUBLE)");
      s.execute(
          "CREATE OR REPLACE TABLE analysis_embedding_pca (model VARCHAR, context INTEGER,"
              + " continuation INTEGER, level INTEGER, step INTEGER, pc1 DOUBLE, pc2 DOUBLE)");
    }
    List<String[]> models = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, path, rows_store FROM models JOIN memorization_sources USING"
                    + " (model) ORDER BY model")) {
      while (r.next()) models.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
    }
    for (String[] m : models) {
      try (LanguageModel lm = LanguageModel.load(Path.of(m[1]), threads);
          TokenStore store = MemorizationTable.source(db, m[0]).open()) {
        for (int[] cl : settings(c, m[0])) {
          EmbeddingCentroids centroids =
              new EmbeddingCentroids(cl[0], cl[1], lm.config().hiddenSize());
          List<Long> rowIds = feed(c, m[0], cl, lm, store, centroids);
          write(db, m[0], centroids);
          EmbeddingDrift.write(db, m[0], centroids, rowIds);
        }
      }
    }
    pcaFigure(c, figures);
    EmbeddingDrift.figures(c, figures);
    return List.of(
        "analysis_embedding_centroids",
        "analysis_embedding_distances",
        "analysis_embedding_pca",
        "analysis_embedding_similarity",
        "analysis_embedding_drift",
        "analysis_embedding_rows");
  }

  private static List<int[]> settings(Connection c, String model) throws SQLException {
    List<int[]> out = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT DISTINCT context, continuation FROM memorization WHERE model = ? ORDER BY"
                + " ALL")) {
      p.setString(1, model);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) out.add(new int[] {r.getInt(1), r.getInt(2)});
      }
    }
    return out;
  }

  /** Feeds the rows of one model and setting to the centroids; returns their ids in order. */
  private static List<Long> feed(
      Connection c,
      String model,
      int[] cl,
      LanguageModel lm,
      TokenStore store,
      EmbeddingCentroids centroids)
      throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT row, generated, matches FROM memorization WHERE model = ? AND context = ?"
                + " AND continuation = ? ORDER BY row")) {
      p.setString(1, model);
      p.setInt(2, cl[0]);
      p.setInt(3, cl[1]);
      try (ResultSet r = p.executeQuery()) {
        List<int[]> contexts = new ArrayList<>();
        List<int[]> generated = new ArrayList<>();
        List<Integer> matches = new ArrayList<>();
        while (true) {
          boolean more = r.next();
          if (more) {
            ids.add(r.getLong(1));
            contexts.add(Arrays.copyOf(store.sequence(r.getLong(1)), cl[0]));
            Object[] g = (Object[]) r.getArray(2).getArray();
            int[] tokens = new int[g.length];
            for (int i = 0; i < g.length; i++) tokens[i] = ((Number) g[i]).intValue();
            generated.add(tokens);
            matches.add(r.getInt(3));
          }
          if (!contexts.isEmpty() && (!more || contexts.size() == BATCH)) {
            centroids.add(
                lm,
                contexts.toArray(int[][]::new),
                generated.toArray(int[][]::new),
                matches.stream().mapToInt(Integer::intValue).toArray());
            contexts.clear();
            generated.clear();
            matches.clear();
          }
          if (!more) break;
        }
      }
    }
    return ids;
  }

  private static void write(ResultsDatabase db, String model, EmbeddingCentroids e)
      throws SQLException {
    int l = e.continuation();
    List<Integer> levels = new ArrayList<>();
    for (int k = 0; k <= l; k++) if (e.rows(k) > 0) levels.add(k);
    List<float[]> points = new ArrayList<>();
    List<int[]> keys = new ArrayList<>();
    db.transaction(
        conn -> {
          try (PreparedStatement cen =
                  conn.prepareStatement(
                      "INSERT INTO analysis_embedding_centroids VALUES (?, ?, ?, ?, ?, ?,"
                          + " ?::FLOAT[])");
              PreparedStatement dist =
                  conn.prepareStatement(
                      "INSERT INTO analysis_embedding_distances VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
              PreparedStatement pca =
                  conn.prepareStatement(
                      "INSERT INTO analysis_embedding_pca VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int j = 0; j < l; j++) {
              for (int a : levels) {
                float[] ca = e.centroid(a, j);
                points.add(ca);
                keys.add(new int[] {a, j});
                cen.setString(1, model);
                cen.setInt(2, e.context());
                cen.setInt(3, l);
                cen.setInt(4, a);
                cen.setInt(5, j);
                cen.setLong(6, e.rows(a));
                cen.setString(7, Arrays.toString(ca));
                cen.addBatch();
                for (int b : levels) {
                  float[] cb = e.centroid(b, j);
                  dist.setString(1, model);
                  dist.setInt(2, e.context());
                  dist.setInt(3, l);
                  dist.setInt(4, j);
                  dist.setInt(5, a);
                  dist.setInt(6, b);
                  dist.setDouble(7, 1 - cosine(ca, cb));
                  dist.setDouble(8, euclidean(ca, cb));
                  dist.addBatch();
                }
              }
            }
            cen.executeBatch();
            dist.executeBatch();
            if (points.size() >= 2) {
              double[][] xy = Pca.project(points.toArray(float[][]::new), 2);
              for (int i = 0; i < xy.length; i++) {
                pca.setString(1, model);
                pca.setInt(2, e.context());
                pca.setInt(3, l);
                pca.setInt(4, keys.get(i)[0]);
                pca.setInt(5, keys.get(i)[1]);
                pca.setDouble(6, xy[i][0]);
                pca.setDouble(7, xy[i][1]);
                pca.addBatch();
              }
              pca.executeBatch();
            }
          }
        });
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static double euclidean(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) (a[i] - b[i]) * (a[i] - b[i]);
    return Math.sqrt(s);
  }

  private static void pcaFigure(Connection c, Path dir) throws SQLException, IOException {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    String title = "";
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT level, pc1, pc2, context, continuation, model FROM analysis_embedding_pca WHERE"
                    + " model = "
                    + AnalysisSql.LARGEST
                    + " AND (context, continuation) = (SELECT"
                    + " (context, continuation) FROM analysis_embedding_pca GROUP BY ALL ORDER BY"
                    + " ALL LIMIT 1) ORDER BY level, step")) {
      while (r.next()) {
        series
            .computeIfAbsent("exact level " + r.getInt(1), k -> new ArrayList<>())
            .add(new double[] {r.getDouble(2), r.getDouble(3)});
        title = " (" + r.getString(6) + ", C=" + r.getInt(4) + ", L=" + r.getInt(5) + ")";
      }
    }
    Figures.lines(
        dir,
        "embedding_pca",
        "Centroids of last-layer states over decoding steps" + title,
        "first principal component",
        "second principal component",
        series,
        false);
  }
}
