package io.memtrace.studies.results;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The longest span of each greedy continuation of study A that occurs verbatim in a corpus ({@code
 * memorize --index}): a continuation the model recites from its training data matches there in
 * full, one it makes up only in short pieces.
 *
 * <pre>
 * memorization_spans(model VARCHAR, row BIGINT, context INTEGER, continuation INTEGER,
 *        corpus_index VARCHAR,        -- the n-gram index searched, absolute path
 *        longest INTEGER,             -- tokens of the longest span of the continuation that
 *                                     -- occurs in the corpus; 0 when none of its tokens does
 *        span_start INTEGER,          -- where it starts in the continuation (the first of the
 *                                     -- longest); NULL when longest = 0
 *        occurrences BIGINT,          -- its occurrences in the corpus; 0 when longest = 0
 *        document BIGINT,             -- the store document of its first occurrence in index
 *                                     -- order; NULL when longest = 0
 *        PRIMARY KEY (model, row, context, continuation, corpus_index))
 * </pre>
 *
 * One row per row of {@code memorization} and index; the continuation is that row's {@code
 * generated}.
 */
public final class SpanTable {
  private SpanTable() {}

  /** A scored continuation: the key of its {@code memorization} row and its greedy tokens. */
  public record Continuation(long row, int context, int continuation, int[] generated) {}

  /**
   * The longest corpus span of a continuation.
   *
   * @param start null when {@code longest} is 0
   * @param document null when {@code longest} is 0
   */
  public record Span(
      Continuation of, int longest, Integer start, long occurrences, Long document) {}

  /**
   * Scored continuations of {@code model} without a span in {@code index}, at most {@code limit}.
   */
  public static List<Continuation> unspanned(Connection c, String model, String index, int limit)
      throws SQLException {
    List<Continuation> out = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT row, context, continuation, generated FROM memorization m WHERE model = ?"
                + " AND NOT EXISTS (SELECT 1 FROM memorization_spans s WHERE s.model = m.model"
                + " AND s.row = m.row AND s.context = m.context AND s.continuation ="
                + " m.continuation AND s.corpus_index = ?) ORDER BY context, continuation, row"
                + " LIMIT ?")) {
      p.setString(1, model);
      p.setString(2, index);
      p.setInt(3, limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          Object[] g = (Object[]) r.getArray(4).getArray();
          int[] generated = new int[g.length];
          for (int i = 0; i < g.length; i++) generated[i] = ((Number) g[i]).intValue();
          out.add(new Continuation(r.getLong(1), r.getInt(2), r.getInt(3), generated));
        }
      }
    }
    return out;
  }

  public static void insert(Connection c, String model, String index, List<Span> spans)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO memorization_spans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Span s : spans) {
        p.setString(1, model);
        p.setLong(2, s.of().row());
        p.setInt(3, s.of().context());
        p.setInt(4, s.of().continuation());
        p.setString(5, index);
        p.setInt(6, s.longest());
        if (s.start() == null) p.setNull(7, Types.INTEGER);
        else p.setInt(7, s.start());
        p.setLong(8, s.occurrences());
        if (s.document() == null) p.setNull(9, Types.BIGINT);
        else p.setLong(9, s.document());
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
