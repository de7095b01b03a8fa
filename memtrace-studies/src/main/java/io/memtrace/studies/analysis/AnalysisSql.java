package io.memtrace.studies.analysis;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The few SQL helpers the analyses share. */
final class AnalysisSql {
  private AnalysisSql() {}

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** A SQL string literal. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** The smallest (context, continuation) scored: the setting the figures show. */
  static int[] firstSetting(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT context, continuation FROM memorization GROUP BY ALL ORDER BY ALL LIMIT 1")) {
      return r.next() ? new int[] {r.getInt(1), r.getInt(2)} : new int[] {0, 0};
    }
  }

  /**
   * The model of the largest size among those compared across sizes ({@code analysis_sizes}): the
   * model the single-model figures show.
   */
  static final String LARGEST =
      "(SELECT model FROM analysis_sizes ORDER BY size DESC, family, model LIMIT 1)";
}
