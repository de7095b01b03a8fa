package io.memtrace.studies.analysis;

import static io.memtrace.studies.analysis.AnalysisSql.exec;

import io.memtrace.stats.Bootstrap;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * 95% bootstrap intervals (over rows, {@link Bootstrap}) added to an analysis table of means: the
 * table gains columns {@code ci_low} and {@code ci_high} for every (group, position).
 */
final class MeanBands {
  static final double LEVEL = 0.95;
  private static final long SEED = 20240518;

  private MeanBands() {}

  /**
   * Adds the intervals to {@code table}. {@code rowsSql} returns, ordered by group, the group's key
   * columns ({@code keys}, VARCHAR, INTEGER or BIGINT as {@code types} says), then one row's values
   * as a {@code DOUBLE[]} indexed by position - {@code firstPosition}; a {@code firstPosition} of
   * -1 means the table has no position column and each row holds one value.
   */
  static void add(
      Connection c,
      String table,
      List<String> keys,
      List<String> types,
      String rowsSql,
      int firstPosition)
      throws SQLException {
    boolean positional = firstPosition >= 0;
    Map<List<Object>, List<double[]>> groups = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(rowsSql)) {
      while (r.next()) {
        List<Object> key = new ArrayList<>();
        for (int k = 1; k <= keys.size(); k++) key.add(r.getObject(k));
        Object[] a = (Object[]) r.getArray(keys.size() + 1).getArray();
        double[] v = new double[a.length];
        for (int i = 0; i < a.length; i++)
          v[i] = a[i] == null ? Double.NaN : ((Number) a[i]).doubleValue();
        groups.computeIfAbsent(key, x -> new ArrayList<>()).add(v);
      }
    }
    String bands = table + "_bands";
    StringBuilder columns = new StringBuilder();
    for (int k = 0; k < keys.size(); k++)
      columns.append(keys.get(k)).append(' ').append(types.get(k)).append(", ");
    exec(
        c,
        "CREATE OR REPLACE TABLE "
            + bands
            + " ("
            + columns
            + (positional ? "position INTEGER, " : "")
            + "ci_low DOUBLE, ci_high DOUBLE)");
    try (DuckDBAppender a =
        ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, bands)) {
      for (var g : groups.entrySet()) {
        double[][] values = g.getValue().toArray(double[][]::new);
        int positions = 0;
        for (double[] v : values) positions = Math.max(positions, v.length);
        double[][] ci =
            Bootstrap.meanIntervals(values, positions, Bootstrap.RESAMPLES, LEVEL, SEED);
        for (int p = 0; p < positions; p++) {
          if (Double.isNaN(ci[p][0])) continue;
          a.beginRow();
          for (int k = 0; k < keys.size(); k++) {
            Object v = g.getKey().get(k);
            switch (types.get(k)) {
              case "INTEGER" -> a.append(((Number) v).intValue());
              case "BIGINT" -> a.append(((Number) v).longValue());
              default -> a.append(String.valueOf(v));
            }
          }
          if (positional) a.append(p + firstPosition);
          a.append(ci[p][0]);
          a.append(ci[p][1]);
          a.endRow();
        }
      }
    }
    exec(
        c,
        "CREATE OR REPLACE TABLE "
            + table
            + " AS SELECT t.*, b.ci_low, b.ci_high FROM "
            + table
            + " t LEFT JOIN "
            + bands
            + " b USING ("
            + String.join(", ", keys)
            + (positional ? ", position" : "")
            + ") ORDER BY ALL");
    exec(c, "DROP TABLE " + bands);
  }
}
