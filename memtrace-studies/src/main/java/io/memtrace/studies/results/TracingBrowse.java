package io.memtrace.studies.results;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study B's results for reading, a task at a time: the web UI's study B page over the tracing
 * tables (schema in {@link TracingTables}; {@code tracing_coverage} in {@code TracingAnalyses}).
 * Rows carry the column names of the table they come from, so each number can be traced to it.
 */
public final class TracingBrowse {
  private TracingBrowse() {}

  /** Columns the kept pairs may be sorted by; ties are broken by the pair's number. */
  public enum Sort {
    PAIR("pair"),
    N("n"),
    COSINE("cosine"),
    DOCUMENTS_INPUT("documents_input"),
    DOCUMENTS_OUTPUT("documents_output"),
    DOCUMENTS_BOTH("documents_both"),
    TASKGRAM_LOGPROB("taskgram_logprob");

    private final String column;

    Sort(String column) {
      this.column = column;
    }
  }

  /** The tasks: every column of {@code tracing_tasks}, by name. */
  public static List<Map<String, Object>> tasks(ResultsDatabase db) throws SQLException {
    if (!db.hasTable("tracing_tasks")) return List.of();
    return rows(db, "SELECT * FROM tracing_tasks ORDER BY task");
  }

  /**
   * One task's results: Mem_n (reference TASKGRAM), Mem_inf (INFGRAM) and the generalization
   * distance per model, ranked per (example, output n-gram) over all subjects, the models in order
   * of size; its embedding filter per n and the filter's truth check; performance per coverage bin
   * when the analyses ran (else empty).
   */
  public record Task(
      List<Map<String, Object>> memorization,
      List<Map<String, Object>> filter,
      List<Map<String, Object>> truth,
      List<Map<String, Object>> coverage) {}

  /** The task's results, or null when the database holds no such task. */
  public static Task task(ResultsDatabase db, String task) throws SQLException {
    if (!db.hasTable("tracing_tasks")
        || rows(db, "SELECT task FROM tracing_tasks WHERE task = ?", task).isEmpty()) {
      return null;
    }
    return new Task(
        rows(
            db,
            "SELECT m.model, r.non_embedding_parameters, m.reference, m.n, m.units, m.spearman,"
                + " m.p_value, m.kendall_tau, m.generalization FROM tracing_memorization m LEFT"
                + " JOIN models r USING (model) WHERE m.task = ? AND m.unit = 'OUTPUT' AND"
                + " m.subjects = 'all' ORDER BY r.non_embedding_parameters NULLS LAST, m.model,"
                + " m.reference DESC, m.n",
            task),
        rows(db, "SELECT * EXCLUDE (task) FROM tracing_filter WHERE task = ? ORDER BY n", task),
        rows(
            db,
            "SELECT * EXCLUDE (task) FROM tracing_filter_truth WHERE task = ? ORDER BY rule",
            task),
        db.hasTable("tracing_coverage")
            ? rows(
                db,
                "SELECT c.model, c.n, c.bin, c.bin_low, c.bin_high, c.examples, c.performance FROM"
                    + " tracing_coverage c LEFT JOIN models r USING (model) WHERE c.task = ?"
                    + " ORDER BY c.n, r.non_embedding_parameters NULLS LAST, c.model, c.bin",
                task)
            : List.of());
  }

  /** Pairs {@code [from, from + pairs.size())} of the {@code total} kept for a task. */
  public record Pairs(long total, long from, List<Map<String, Object>> pairs) {}

  /**
   * A page of a task's kept pairs with their counts, the output n-gram's text from {@code
   * tracing_outputs}, sorted by {@code sort}.
   */
  public static Pairs pairs(
      ResultsDatabase db, String task, Sort sort, boolean descending, long from, int limit)
      throws SQLException {
    long total =
        ((Number)
                rows(db, "SELECT count(*) AS n FROM tracing_pairs WHERE task = ?", task)
                    .getFirst()
                    .get("n"))
            .longValue();
    List<Map<String, Object>> page =
        rows(
            db,
            "SELECT p.pair, p.example, p.n, p.input, o.text AS output, p.cosine,"
                + " p.documents_input, p.documents_output, p.documents_both,"
                + " p.taskgram_logprob FROM tracing_pairs p JOIN tracing_outputs o USING (task,"
                + " output) WHERE task = ? ORDER BY p."
                + sort.column
                + (descending ? " DESC" : " ASC")
                + " NULLS LAST, p.pair LIMIT ? OFFSET ?",
            task,
            limit,
            from);
    return new Pairs(total, from, page);
  }

  /** A kept pair's input and output n-grams as written, or null when there is none. */
  public record PairText(String input, String output) {}

  public static PairText pair(ResultsDatabase db, String task, int pair) throws SQLException {
    List<Map<String, Object>> r =
        rows(
            db,
            "SELECT p.input, o.text FROM tracing_pairs p JOIN tracing_outputs o USING (task,"
                + " output) WHERE task = ? AND pair = ?",
            task,
            pair);
    return r.isEmpty()
        ? null
        : new PairText((String) r.getFirst().get("input"), (String) r.getFirst().get("text"));
  }

  private static List<Map<String, Object>> rows(ResultsDatabase db, String sql, Object... values)
      throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement p = db.prepare(sql)) {
      for (int i = 0; i < values.length; i++) p.setObject(i + 1, values[i]);
      try (ResultSet r = p.executeQuery()) {
        ResultSetMetaData meta = r.getMetaData();
        while (r.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnLabel(c), r.getObject(c));
          }
          out.add(row);
        }
      }
    }
    return out;
  }
}
