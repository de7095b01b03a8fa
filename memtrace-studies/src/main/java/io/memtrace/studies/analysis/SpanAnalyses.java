package io.memtrace.studies.analysis;

import static io.memtrace.studies.analysis.AnalysisSql.exec;
import static io.memtrace.studies.analysis.AnalysisSql.firstSetting;
import static io.memtrace.studies.analysis.AnalysisSql.scalar;

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
 * How much of each greedy continuation occurs verbatim in the corpus ({@code memorization_spans}),
 * for the models compared across sizes: a continuation recited from training data matches in full,
 * one the model makes up only in short pieces.
 *
 * <pre>
 * analysis_spans(model, family, size, step, context, continuation, corpus_index,
 *        rows BIGINT,
 *        mean_longest DOUBLE,        -- mean tokens of the longest corpus span of a continuation
 *        whole_share DOUBLE,         -- continuations that occur in the corpus in full
 *        exact_share DOUBLE,         -- continuations equal to the row's own (score 1)
 *        planted_rows BIGINT,        -- rows of planted passages (duplicates > 1)
 *        planted_mean_longest DOUBLE, other_mean_longest DOUBLE)  -- NULL when a part is empty
 * </pre>
 */
final class SpanAnalyses {
  private SpanAnalyses() {}

  static List<String> run(Connection c, Path figures) throws SQLException, IOException {
    if (scalar(c, "SELECT count(*) FROM memorization_spans") == 0) return List.of();
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_spans AS SELECT model, family, size, step, context,"
            + " continuation, corpus_index, count(*) AS rows, avg(longest) AS mean_longest,"
            + " avg((longest = continuation)::INT) AS whole_share, avg(exact::INT) AS exact_share,"
            + " count(*) FILTER (WHERE duplicates > 1) AS planted_rows, avg(longest) FILTER (WHERE"
            + " duplicates > 1) AS planted_mean_longest, avg(longest) FILTER (WHERE"
            + " coalesce(duplicates, 1) <= 1) AS other_mean_longest FROM memorization_spans JOIN"
            + " memorization USING (model, row, context, continuation) JOIN analysis_sizes USING"
            + " (model) GROUP BY ALL ORDER BY size, model, context, continuation, corpus_index");
    figure(c, figures);
    return List.of("analysis_spans");
  }

  /** Mean longest corpus span against size: all rows, planted rows, the rest; the first (C, L). */
  private static void figure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    String[] names = {"all rows", "planted passages", "other rows"};
    for (String n : names) series.put(n, new ArrayList<>());
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT size, avg(mean_longest), avg(planted_mean_longest),"
                    + " avg(other_mean_longest) FROM analysis_spans WHERE context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " GROUP BY size ORDER BY size")) {
      while (r.next()) {
        for (int k = 0; k < names.length; k++) {
          double v = r.getDouble(k + 2);
          if (!r.wasNull()) series.get(names[k]).add(new double[] {r.getLong(1), v});
        }
      }
    }
    Figures.lines(
        dir,
        "spans",
        "Longest corpus span of greedy continuations (C="
            + cl[0]
            + ", L="
            + cl[1]
            + SizeAnalyses.stepTitle(c)
            + ")",
        "non-embedding parameters",
        "tokens",
        series,
        true);
  }
}
