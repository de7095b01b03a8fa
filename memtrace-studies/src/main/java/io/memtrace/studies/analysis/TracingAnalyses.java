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
import java.util.TreeMap;

/**
 * Study B's views over the tracing tables: {@code tracing_coverage} (task performance per coverage
 * bin: bin 0 holds the examples without any co-occurring pair, bins 1-4 the quartiles of the rest,
 * equal coverages in one bin, per task and model) and the figures: Mem_n against model size, one
 * line per n, per task; and performance per coverage bin, one series per model, per task.
 */
public final class TracingAnalyses {
  private TracingAnalyses() {}

  public static void run(ResultsDatabase db, Path figures) throws SQLException, IOException {
    Connection c = db.connection();
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE TABLE tracing_coverage AS WITH b AS (SELECT task, model, coverage,"
              + " performance, CASE WHEN coverage = 0 THEN 0 ELSE CAST(ceil(4 * cume_dist() OVER"
              + " (PARTITION BY task, model, coverage > 0 ORDER BY coverage)) AS INTEGER) END AS"
              + " bin FROM"
              + " tracing_examples)"
              + " SELECT task, model, bin, min(coverage) AS coverage_low, max(coverage) AS"
              + " coverage_high, count(*) AS examples, avg(performance) AS performance FROM b"
              + " GROUP BY task, model, bin ORDER BY task, model, bin");
    }
    memFigures(c, figures);
    coverageFigures(c, figures);
  }

  private static void memFigures(Connection c, Path figures) throws SQLException, IOException {
    Map<String, Map<String, List<double[]>>> byTask = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT task, n, non_embedding_parameters, spearman FROM tracing_memorization"
                    + " JOIN models USING (model) WHERE reference = 'TASKGRAM' AND NOT"
                    + " isnan(spearman) ORDER BY task, n, non_embedding_parameters")) {
      while (r.next()) {
        String series = r.getInt(2) == 0 ? "all n" : "n=" + r.getInt(2);
        byTask
            .computeIfAbsent(r.getString(1), k -> new TreeMap<>())
            .computeIfAbsent(series, k -> new ArrayList<>())
            .add(new double[] {r.getLong(3), r.getDouble(4)});
      }
    }
    for (var e : byTask.entrySet()) {
      Figures.lines(
          figures,
          "trace_mem_n_" + e.getKey(),
          "Distributional memorization Mem_n, " + e.getKey(),
          "non-embedding parameters",
          "Spearman rho (task-gram LM vs model)",
          e.getValue(),
          true);
    }
  }

  private static void coverageFigures(Connection c, Path figures) throws SQLException, IOException {
    Map<String, Map<String, Map<String, Double>>> byTask = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT task, model, bin, coverage_low, coverage_high, performance FROM"
                    + " tracing_coverage JOIN models USING (model) ORDER BY task,"
                    + " non_embedding_parameters, bin")) {
      while (r.next()) {
        String bin =
            r.getInt(3) == 0 ? "0" : r.getInt(3) + ": " + r.getLong(4) + "-" + r.getLong(5);
        byTask
            .computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
            .computeIfAbsent(r.getString(2), k -> new LinkedHashMap<>())
            .put(bin, r.getDouble(6));
      }
    }
    for (var e : byTask.entrySet()) {
      Figures.bars(
          figures,
          "trace_coverage_" + e.getKey(),
          "Performance by coverage (documents with the example's task-grams), " + e.getKey(),
          "coverage bin (documents)",
          "mean performance",
          e.getValue());
    }
  }

  /** Mem_n per task, model (by size) and n, with mean performance; a text table. */
  public static String summary(ResultsDatabase db) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Statement s = db.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT m.task, m.model, any_value(tm.non_embedding_parameters) AS size,"
                    + " string_agg(CASE WHEN m.n = 0 THEN 'all' ELSE 'n=' || m.n END || ' '"
                    + " || printf('%+.3f', m.spearman) || ' (' || m.pairs || ')', '  ' ORDER BY"
                    + " m.n = 0, m.n) AS mem, any_value(e.performance) AS performance,"
                    + " any_value(i.spearman) AS mem_inf FROM tracing_memorization m JOIN"
                    + " models tm USING (model) JOIN (SELECT task, model,"
                    + " avg(performance) AS performance FROM tracing_examples GROUP BY ALL) e"
                    + " USING (task, model) JOIN (SELECT task, model, spearman FROM"
                    + " tracing_memorization WHERE reference = 'INFGRAM' AND n = 0) i USING"
                    + " (task, model) WHERE m.reference = 'TASKGRAM' GROUP BY m.task, m.model"
                    + " ORDER BY m.task, size")) {
      out.append(
          String.format(
              "%-22s %-22s %12s %11s %8s  %s%n",
              "task", "model", "non-emb", "performance", "Mem_inf", "Mem_n (pairs)"));
      while (r.next()) {
        out.append(
            String.format(
                "%-22s %-22s %,12d %11.3f %+8.3f  %s%n",
                r.getString(1),
                r.getString(2),
                r.getLong(3),
                r.getDouble(5),
                r.getDouble(6),
                r.getString(4)));
      }
    }
    return out.toString();
  }
}
