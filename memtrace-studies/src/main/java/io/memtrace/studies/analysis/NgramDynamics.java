package io.memtrace.studies.analysis;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.index.NgramFrequencies;
import io.memtrace.studies.results.MemorizationTable;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
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
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Study A's n-gram dynamics: how often, in the corpus index, the row's own 1-, 2- and 3-gram ending
 * at each position occurs, averaged per score class, and the boundary effect at the context's end.
 *
 * <pre>
 * row_ngram_frequencies(row BIGINT, n INTEGER, position INTEGER, frequency BIGINT)
 *   -- corpus count of the row's n-gram ending at position (0-based); n-grams that would start
 *   -- before the row are absent
 * analysis_ngrams(model, context, continuation, score_class, n, position, mean_frequency, rows,
 *   ci_low, ci_high)   -- 95% bootstrap interval of the mean over rows
 * analysis_ngram_boundary(model, context, continuation, score_class, n, context_mean,
 *   continuation_mean, boundary)  -- boundary = f(C) - f(C-1), f the mean frequency at a position
 * </pre>
 */
public final class NgramDynamics {
  private NgramDynamics() {}

  /**
   * Refuses an index built with another tokenizer than the scored models': its counts would be of
   * other token ids. The index's tokenizer is the one it records, or the one the user names for an
   * index that records none (checked against the recorded one when both exist).
   */
  private static void checkTokenizer(ResultsDatabase db, IndexReader index, Path tokenizer)
      throws SQLException, IOException {
    String indexed = index.manifest().tokenizerSha256();
    if (tokenizer != null) {
      try (Tokenizer t = index.tokenizer(tokenizer)) {
        indexed = t.sha256();
      }
    }
    if (indexed == null) return;
    try (Statement s = db.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, tokenizer_sha256 FROM models JOIN memorization_sources USING"
                    + " (model) WHERE tokenizer_sha256 IS NOT NULL ORDER BY model")) {
      while (r.next()) {
        if (!r.getString(2).equals(indexed)) {
          throw BadInputException.in(
              index.directory(),
              "was built with the tokenizer of SHA-256 "
                  + indexed
                  + "; model '"
                  + r.getString(1)
                  + "' of "
                  + db.file()
                  + " has "
                  + r.getString(2)
                  + "; give the index of the models' training corpus");
        }
      }
    }
  }

  /**
   * @param tokenizer the index's tokenizer.json when the index records none, else null
   */
  public static List<String> run(
      ResultsDatabase db, IndexReader index, Path tokenizer, Path figures)
      throws SQLException, IOException {
    Connection c = db.connection();
    String model;
    int positions;
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(DISTINCT (rows_store, row_length)), any_value(model), (SELECT"
                    + " max(context + continuation) FROM memorization) FROM memorization_sources")) {
      r.next();
      if (r.getLong(1) != 1) {
        throw BadInputException.in(db.file(), "n-gram dynamics need models scored on one store");
      }
      model = r.getString(2);
      positions = r.getInt(3);
    }
    checkTokenizer(db, index, tokenizer);
    List<Long> rowIds = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT DISTINCT row FROM memorization ORDER BY row")) {
      while (r.next()) rowIds.add(r.getLong(1));
    }
    int[][] rows = new int[rowIds.size()][];
    try (TokenStore t = MemorizationTable.source(db, model).open()) {
      for (int i = 0; i < rows.length; i++) rows[i] = t.sequence(rowIds.get(i));
    }
    long[][][] freq = NgramFrequencies.of(index, rows, positions);
    db.transaction(
        conn -> {
          try (Statement s = conn.createStatement()) {
            s.execute(
                "CREATE OR REPLACE TABLE row_ngram_frequencies (row BIGINT, n INTEGER, position"
                    + " INTEGER, frequency BIGINT)");
          }
          try (DuckDBAppender a =
              ((DuckDBConnection) conn)
                  .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "row_ngram_frequencies")) {
            for (int i = 0; i < rows.length; i++) {
              for (int n = 0; n < 3; n++) {
                for (int p = 0; p < positions; p++) {
                  if (freq[i][n][p] < 0) continue;
                  a.beginRow();
                  a.append(rowIds.get(i));
                  a.append(n + 1);
                  a.append(p);
                  a.append(freq[i][n][p]);
                  a.endRow();
                }
              }
            }
          }
        });
    String classes =
        "CASE WHEN matches = continuation THEN '1' WHEN matches = 0 THEN '0' WHEN 2 * matches ="
            + " continuation THEN '0.5' WHEN 4 * matches = continuation THEN '0.25' END";
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE TABLE analysis_ngrams AS SELECT m.model, m.context, m.continuation,"
              + " m.score_class, f.n, f.position, avg(f.frequency) AS mean_frequency, count(*) AS"
              + " rows FROM (SELECT model, row, context, continuation, "
              + classes
              + " AS score_class FROM memorization) m JOIN row_ngram_frequencies f USING (row)"
              + " WHERE m.score_class IS NOT NULL AND f.position < m.context + m.continuation"
              + " GROUP BY ALL");
      s.execute(
          "CREATE OR REPLACE TABLE analysis_ngram_boundary AS SELECT model, context,"
              + " continuation, score_class, n, avg(mean_frequency) FILTER (WHERE position <"
              + " context) AS context_mean, avg(mean_frequency) FILTER (WHERE position >= context)"
              + " AS continuation_mean, any_value(mean_frequency) FILTER (WHERE position ="
              + " context) - any_value(mean_frequency) FILTER (WHERE position = context - 1) AS"
              + " boundary FROM analysis_ngrams GROUP BY ALL");
    }
    for (int n = 1; n <= 3; n++) {
      // The counts of n-grams ending at positions n - 1 .. C + L - 1, contiguous in every row.
      MeanBands.add(
          c,
          "analysis_ngrams",
          List.of("model", "context", "continuation", "score_class", "n"),
          List.of("VARCHAR", "INTEGER", "INTEGER", "VARCHAR", "INTEGER"),
          "SELECT m.model, m.context, m.continuation, m.score_class, f.n, list(f.frequency::DOUBLE"
              + " ORDER BY f.position) FROM (SELECT model, row, context, continuation, "
              + classes
              + " AS score_class FROM memorization) m JOIN row_ngram_frequencies f USING (row)"
              + " WHERE m.score_class IS NOT NULL AND f.n = "
              + n
              + " AND f.position < m.context + m.continuation GROUP BY m.model, m.context,"
              + " m.continuation, m.score_class, f.n, m.row ORDER BY ALL",
          n - 1);
    }
    for (int n = 1; n <= 3; n++) figure(c, figures, n);
    return List.of("row_ngram_frequencies", "analysis_ngrams", "analysis_ngram_boundary");
  }

  private static void figure(Connection c, Path dir, int n) throws SQLException, IOException {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    String title = "";
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT score_class, position, mean_frequency, context, continuation, model,"
                    + " ci_low, ci_high FROM"
                    + " analysis_ngrams WHERE n = "
                    + n
                    + " AND model = "
                    + AnalysisSql.LARGEST
                    + " AND"
                    + " (context, continuation) = (SELECT (context, continuation) FROM memorization"
                    + " GROUP BY ALL ORDER BY ALL LIMIT 1) ORDER BY score_class DESC, position")) {
      while (r.next()) {
        series
            .computeIfAbsent("score " + r.getString(1), k -> new ArrayList<>())
            .add(new double[] {r.getInt(2), r.getDouble(3), r.getDouble(7), r.getDouble(8)});
        title = " (" + r.getString(6) + ", C=" + r.getInt(4) + ", L=" + r.getInt(5) + ")";
      }
    }
    Figures.bands(
        dir,
        "ngram_" + n,
        "Corpus frequency of the gold " + n + "-gram" + title,
        "position",
        "mean occurrences in the corpus",
        series,
        false);
  }
}
