package io.memtrace.studies.results;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Study A's scores a page at a time, filtered and sorted: the web UI's memorization browser over
 * the {@code memorization} table (schema in {@link MemorizationTable}).
 */
public final class MemorizationBrowse {
  private MemorizationBrowse() {}

  /** Columns a page may be sorted by; ties are broken by (model, row, context, continuation). */
  public enum Sort {
    SCORE("score"),
    ROW("row"),
    MATCHES("matches"),
    FIRST_MISMATCH("first_mismatch"),
    BLEU("bleu"),
    DUPLICATES("duplicates");

    private final String column;

    Sort(String column) {
      this.column = column;
    }
  }

  /**
   * Which rows: any field null matches all.
   *
   * @param step training step of the models kept (the models registry's step)
   * @param minScore lowest score kept (inclusive)
   * @param maxScore highest score kept (inclusive)
   * @param minDuplicates fewest copies of the row in the training rows kept (inclusive)
   */
  public record Filter(
      String model,
      Long step,
      Integer context,
      Integer continuation,
      Double minScore,
      Double maxScore,
      Integer minDuplicates,
      Sort sort,
      boolean descending) {}

  /** One scored row. */
  public record Row(
      String model,
      long row,
      int context,
      int continuation,
      double score,
      int matches,
      boolean exact,
      int firstMismatch,
      double bleu,
      Integer duplicates) {}

  /** Rows {@code [from, from + rows.size())} of the {@code total} the filter keeps. */
  public record Page(long total, long from, List<Row> rows) {}

  /** What the filters can choose from. */
  public record Choices(
      List<String> models, List<Long> steps, List<Integer> contexts, List<Integer> continuations) {}

  public static Choices choices(ResultsDatabase db) throws SQLException {
    if (!db.hasTable("memorization"))
      return new Choices(List.of(), List.of(), List.of(), List.of());
    return new Choices(
        distinct(db, "SELECT DISTINCT model FROM memorization ORDER BY 1", String.class),
        distinct(
            db,
            "SELECT DISTINCT step FROM models WHERE step IS NOT NULL AND model IN (SELECT model"
                + " FROM memorization) ORDER BY 1",
            Long.class),
        distinct(db, "SELECT DISTINCT context FROM memorization ORDER BY 1", Integer.class),
        distinct(db, "SELECT DISTINCT continuation FROM memorization ORDER BY 1", Integer.class));
  }

  private static <T> List<T> distinct(ResultsDatabase db, String sql, Class<T> type)
      throws SQLException {
    List<T> out = new ArrayList<>();
    try (Statement s = db.statement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) out.add(r.getObject(1, type));
    }
    return out;
  }

  public static Page page(ResultsDatabase db, Filter f, long from, int limit) throws SQLException {
    if (!db.hasTable("memorization")) return new Page(0, from, List.of());
    List<Object> values = new ArrayList<>();
    String where = where(f, values);
    long total;
    try (PreparedStatement p = db.prepare("SELECT count(*) FROM memorization" + where)) {
      bind(p, values);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        total = r.getLong(1);
      }
    }
    String order = f.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST";
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement p =
        db.prepare(
            "SELECT model, row, context, continuation, score, matches, exact,"
                + " first_mismatch, bleu, duplicates FROM memorization"
                + where
                + " ORDER BY "
                + f.sort().column
                + order
                + ", model, row, context, continuation LIMIT ? OFFSET ?")) {
      bind(p, values);
      p.setInt(values.size() + 1, limit);
      p.setLong(values.size() + 2, from);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          rows.add(
              new Row(
                  r.getString(1),
                  r.getLong(2),
                  r.getInt(3),
                  r.getInt(4),
                  r.getDouble(5),
                  r.getInt(6),
                  r.getBoolean(7),
                  r.getInt(8),
                  r.getDouble(9),
                  r.getObject(10, Integer.class)));
        }
      }
    }
    return new Page(total, from, List.copyOf(rows));
  }

  /** The WHERE clause of the filter's set fields; their values go to {@code values}. */
  private static String where(Filter f, List<Object> values) {
    List<String> conditions = new ArrayList<>();
    condition(conditions, values, "model = ?", f.model());
    condition(conditions, values, "model IN (SELECT model FROM models WHERE step = ?)", f.step());
    condition(conditions, values, "context = ?", f.context());
    condition(conditions, values, "continuation = ?", f.continuation());
    condition(conditions, values, "score >= ?", f.minScore());
    condition(conditions, values, "score <= ?", f.maxScore());
    condition(conditions, values, "duplicates >= ?", f.minDuplicates());
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private static void condition(
      List<String> conditions, List<Object> values, String condition, Object value) {
    if (value == null) return;
    conditions.add(condition);
    values.add(value);
  }

  private static void bind(PreparedStatement p, List<Object> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) p.setObject(i + 1, values.get(i));
  }
}
