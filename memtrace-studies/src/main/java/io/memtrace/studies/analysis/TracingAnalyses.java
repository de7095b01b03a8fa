package io.memtrace.studies.analysis;

import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.tracing.DistributionalMemorization;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Study B's views over the tracing tables, replaced on every run:
 *
 * <ul>
 *   <li>{@code tracing_coverage(task, model, n, bin, bin_low, bin_high, examples, performance)}:
 *       task performance per coverage bin at each n, coverage being the documents that hold the
 *       example's task-gram pairs of that n ({@link CoverageBins});
 *   <li>{@code tracing_subject_groups(task, model, subjects, n, units, mem_n, p_value, examples,
 *       performance)}: Mem_n and performance per MMLU subject group (knowledge, reasoning);
 *   <li>{@code tracing_pair_examples}: per task and n, the five kept pairs held by the most
 *       documents, with their counts;
 * </ul>
 *
 * and the figures per task: Mem_n, Mem_inf and the generalization distance against model size (one
 * line per n, points with p >= .05 grey as in the paper), and performance per coverage bin at each
 * n (one series per model).
 */
public final class TracingAnalyses {
  private TracingAnalyses() {}

  public static void run(
      ResultsDatabase db, Path figures, CoverageBins bins, DistributionalMemorization.Unit unit)
      throws SQLException, IOException {
    Connection c = db.connection();
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE TABLE tracing_coverage AS WITH c AS (SELECT e.task, e.model, g.n,"
              + " e.performance, coalesce(p.coverage, 0) AS coverage FROM tracing_examples e JOIN"
              + " (SELECT task, unnest(generate_series(min_n, max_n)) AS n FROM tracing_tasks) g"
              + " USING (task) LEFT JOIN (SELECT task, example, n, sum(documents_both) AS coverage"
              + " FROM tracing_pairs GROUP BY ALL) p ON p.task = e.task AND p.example = e.example"
              + " AND p.n = g.n), b AS ("
              + binned(bins)
              + ") SELECT task, model, n, bin, "
              + (bins.quantiles()
                  ? "min(coverage) AS bin_low, max(coverage) AS bin_high"
                  : "any_value(bin) * "
                      + bins.max()
                      + " // "
                      + bins.bins()
                      + " AS bin_low, (any_value(bin) + 1) * "
                      + bins.max()
                      + " // "
                      + bins.bins()
                      + " AS bin_high")
              + ", count(*) AS examples, avg(performance) AS performance FROM b GROUP BY task,"
              + " model, n, bin ORDER BY task, model, n, bin");
      s.execute(
          "CREATE OR REPLACE TABLE tracing_subject_groups AS SELECT m.task, m.model, m.subjects,"
              + " m.n, m.units, m.spearman AS mem_n, m.p_value, e.examples, e.performance FROM"
              + " tracing_memorization m JOIN (SELECT task, model, subject_group AS subjects,"
              + " count(*) AS examples, avg(performance) AS performance FROM tracing_examples"
              + " WHERE subject_group IS NOT NULL GROUP BY ALL) e USING (task, model, subjects)"
              + " WHERE m.reference = 'TASKGRAM' AND m.unit = '"
              + unit.name()
              + "' ORDER BY ALL");
      s.execute(
          "CREATE OR REPLACE TABLE tracing_pair_examples AS SELECT task, n, x.id AS example,"
              + " p.input, o.text AS output, p.cosine, p.documents_input, p.documents_output,"
              + " p.documents_both, exp(p.taskgram_logprob) AS taskgram_probability FROM"
              + " tracing_pairs p JOIN tracing_outputs o USING (task, output, example, n) JOIN"
              + " (SELECT DISTINCT task, example, id FROM tracing_examples) x USING (task,"
              + " example) QUALIFY row_number() OVER (PARTITION BY task, n ORDER BY"
              + " p.documents_both DESC, p.pair) <= 5 ORDER BY task, n, p.documents_both DESC");
    }
    memFigures(c, figures, unit);
    subjectFigures(c, figures);
    coverageFigures(c, figures);
  }

  /** Mem_n per subject group against size, one line per group and n (MMLU's contrast). */
  private static void subjectFigures(Connection c, Path figures) throws SQLException, IOException {
    Map<String, Map<String, List<double[]>>> byTask = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT task, subjects, n, non_embedding_parameters, mem_n, p_value FROM"
                    + " tracing_subject_groups JOIN models USING (model) WHERE n > 0 AND NOT"
                    + " isnan(mem_n) ORDER BY task, n, subjects, non_embedding_parameters")) {
      while (r.next()) {
        byTask
            .computeIfAbsent(r.getString(1), k -> new TreeMap<>())
            .computeIfAbsent(r.getString(2) + " n=" + r.getInt(3), k -> new ArrayList<>())
            .add(new double[] {r.getLong(4), r.getDouble(5), r.getDouble(6)});
      }
    }
    for (var e : byTask.entrySet()) {
      Figures.significanceLines(
          figures,
          "trace_subjects_" + e.getKey(),
          "Mem_n of knowledge- and reasoning-intensive subjects, " + e.getKey(),
          "non-embedding parameters",
          "Spearman rho (task-gram LM vs model)",
          e.getValue());
    }
  }

  /** The examples kept for binning, with their bin (0-based). */
  private static String binned(CoverageBins bins) {
    if (bins.quantiles()) {
      return "SELECT *, CAST(ceil("
          + bins.bins()
          + " * cume_dist() OVER (PARTITION BY task, model, n ORDER BY coverage)) AS INTEGER) - 1"
          + " AS bin FROM c WHERE coverage > 0";
    }
    return "SELECT *, CAST(coverage * "
        + bins.bins()
        + " // "
        + bins.max()
        + " AS INTEGER) AS bin FROM c WHERE coverage > 0 AND coverage < "
        + bins.max();
  }

  private static void memFigures(Connection c, Path figures, DistributionalMemorization.Unit unit)
      throws SQLException, IOException {
    record Plot(
        String reference, String unit, String column, String name, String title, String y) {}
    List<Plot> plots =
        List.of(
            new Plot(
                "TASKGRAM",
                unit.name(),
                "spearman",
                "trace_mem_n_",
                "Distributional memorization Mem_n",
                "Spearman rho (task-gram LM vs model)"),
            new Plot(
                "INFGRAM",
                "OUTPUT",
                "spearman",
                "trace_mem_inf_",
                "Mem_inf (infini-gram of the task text)",
                "Spearman rho (infini-gram vs model)"),
            new Plot(
                "TASKGRAM",
                unit.name(),
                "generalization",
                "trace_generalization_",
                "Distributional generalization",
                "(1 - Kendall tau) / 2, task-gram LM vs model"));
    for (Plot plot : plots) {
      Map<String, Map<String, List<double[]>>> byTask = new TreeMap<>();
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT task, n, non_embedding_parameters, "
                      + plot.column()
                      + ", p_value FROM tracing_memorization JOIN models USING (model) WHERE"
                      + " reference = '"
                      + plot.reference()
                      + "' AND unit = '"
                      + plot.unit()
                      + "' AND subjects = 'all' AND n > 0 AND NOT isnan(spearman) ORDER BY task,"
                      + " n, non_embedding_parameters")) {
        while (r.next()) {
          byTask
              .computeIfAbsent(r.getString(1), k -> new TreeMap<>())
              .computeIfAbsent("n=" + r.getInt(2), k -> new ArrayList<>())
              .add(new double[] {r.getLong(3), r.getDouble(4), r.getDouble(5)});
        }
      }
      for (var e : byTask.entrySet()) {
        Figures.significanceLines(
            figures,
            plot.name() + e.getKey(),
            plot.title() + ", " + e.getKey(),
            "non-embedding parameters",
            plot.y(),
            e.getValue());
      }
    }
  }

  private static void coverageFigures(Connection c, Path figures) throws SQLException, IOException {
    Map<String, Map<String, Map<String, Double>>> byTaskAndN = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT task, n, model, bin_low, bin_high, performance FROM tracing_coverage JOIN"
                    + " models USING (model) ORDER BY task, n, non_embedding_parameters, bin")) {
      while (r.next()) {
        byTaskAndN
            .computeIfAbsent(r.getString(1) + "_n" + r.getInt(2), k -> new LinkedHashMap<>())
            .computeIfAbsent(r.getString(3), k -> new LinkedHashMap<>())
            .put(r.getLong(4) + "-" + r.getLong(5), r.getDouble(6));
      }
    }
    for (var e : byTaskAndN.entrySet()) {
      Figures.bars(
          figures,
          "trace_coverage_" + e.getKey(),
          "Performance by coverage (documents with the example's task-gram pairs), " + e.getKey(),
          "coverage bin (documents)",
          "mean performance",
          e.getValue());
    }
  }

  /**
   * Per task and model (by size): mean performance, Mem_inf over all sizes and Mem_n of {@code
   * unit} per n; then Mem_n and performance per subject group where a task has them.
   */
  public static String summary(ResultsDatabase db, DistributionalMemorization.Unit unit)
      throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Statement s = db.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT m.task, m.model || CASE WHEN m.subjects = 'all' THEN '' ELSE ' [' ||"
                    + " m.subjects || ']' END, any_value(tm.non_embedding_parameters) AS size,"
                    + " string_agg(CASE WHEN m.n = 0 THEN 'all' ELSE 'n=' || m.n END || ' ' ||"
                    + " CASE WHEN isnan(m.spearman) THEN 'n/a' ELSE printf('%+.3f', m.spearman)"
                    + " END || ' (' || m.units || ')', '  ' ORDER BY m.n = 0, m.n) AS mem,"
                    + " any_value(e.performance), any_value(i.spearman) AS mem_inf FROM"
                    + " tracing_memorization m JOIN models tm USING (model) JOIN (SELECT task,"
                    + " model, 'all' AS subjects, avg(performance) AS performance FROM"
                    + " tracing_examples GROUP BY task, model UNION ALL SELECT task, model,"
                    + " subject_group, avg(performance) FROM tracing_examples WHERE subject_group"
                    + " IS NOT NULL GROUP BY ALL) e USING (task, model, subjects) JOIN (SELECT"
                    + " task, model, subjects, spearman FROM tracing_memorization WHERE reference"
                    + " = 'INFGRAM' AND n = 0) i USING (task, model, subjects) WHERE m.reference ="
                    + " 'TASKGRAM' AND m.unit = '"
                    + unit.name()
                    + "' GROUP BY m.task, m.model, m.subjects ORDER BY m.task, m.subjects <>"
                    + " 'all', m.subjects, size")) {
      out.append(
          String.format(
              "%-22s %-34s %12s %11s %8s  %s%n",
              "task", "model", "non-emb", "performance", "Mem_inf", "Mem_n (units)"));
      while (r.next()) {
        double inf = r.getDouble(6);
        out.append(
            String.format(
                "%-22s %-34s %,12d %11.3f %8s  %s%n",
                r.getString(1),
                r.getString(2),
                r.getLong(3),
                r.getDouble(5),
                Double.isNaN(inf) ? "n/a" : String.format("%+.3f", inf),
                r.getString(4)));
      }
    }
    try (Statement s = db.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT task, rule, positives, negatives, kept_positives, kept_negatives,"
                    + " precision, recall FROM tracing_filter_truth ORDER BY task, rule")) {
      boolean first = true;
      while (r.next()) {
        if (first) {
          out.append(
              String.format(
                  "%nembedding filter vs true translations (x with its own y, or another"
                      + " example's):%n%-22s %-11s %14s %14s %9s %7s%n",
                  "task", "rule", "true kept", "false kept", "precision", "recall"));
          first = false;
        }
        out.append(
            String.format(
                "%-22s %-11s %14s %14s %9.3f %7.3f%n",
                r.getString(1),
                r.getString(2).toLowerCase(Locale.ROOT),
                r.getInt(5) + "/" + r.getInt(3),
                r.getInt(6) + "/" + r.getInt(4),
                r.getDouble(7),
                r.getDouble(8)));
      }
    }
    return out.toString();
  }
}
