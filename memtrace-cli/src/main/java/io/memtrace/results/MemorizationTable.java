package io.memtrace.results;

import io.memtrace.memorization.RowMemorization;
import io.memtrace.stats.Bleu;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Study A's scores in the results database.
 *
 * <pre>
 * models(model VARCHAR PRIMARY KEY,  -- name given to a checkpoint, e.g. mini-790k/step300
 *        path VARCHAR, parameters BIGINT, non_embedding_parameters BIGINT,
 *        step BIGINT,                 -- training step of the checkpoint, when known
 *        rows_store VARCHAR, tokenizer_sha256 VARCHAR, eos_suppressed BOOLEAN)
 * memorization(model VARCHAR, row BIGINT, context INTEGER, continuation INTEGER,
 *        score DOUBLE,                -- matches / continuation
 *        matches INTEGER, exact BOOLEAN, first_mismatch INTEGER (= continuation when exact),
 *        generated INTEGER[],         -- the greedy continuation
 *        entropy FLOAT[],             -- nats at positions 0..C+L-2 (teacher forced, then greedy)
 *        teacher_forced_accuracy DOUBLE, edit_distance DOUBLE (normalized), bleu DOUBLE,
 *        approx_memorized BOOLEAN,    -- bleu >= 0.75
 *        duplicates INTEGER,          -- copies of the row in the training rows (planted manifest)
 *        PRIMARY KEY (model, row, context, continuation))
 * </pre>
 */
public final class MemorizationTable {
  private MemorizationTable() {}

  public static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS models (model VARCHAR PRIMARY KEY, path VARCHAR,"
              + " parameters BIGINT, non_embedding_parameters BIGINT, step BIGINT,"
              + " rows_store VARCHAR, tokenizer_sha256 VARCHAR, eos_suppressed BOOLEAN)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS memorization (model VARCHAR, row BIGINT, context INTEGER,"
              + " continuation INTEGER, score DOUBLE, matches INTEGER, exact BOOLEAN,"
              + " first_mismatch INTEGER, generated INTEGER[], entropy FLOAT[],"
              + " teacher_forced_accuracy DOUBLE, edit_distance DOUBLE, bleu DOUBLE,"
              + " approx_memorized BOOLEAN, duplicates INTEGER,"
              + " PRIMARY KEY (model, row, context, continuation))");
    }
  }

  /** Rows of {@code model} already scored for (C, L). */
  public static Set<Long> scoredRows(Connection c, String model, int context, int continuation)
      throws SQLException {
    Set<Long> out = new HashSet<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT row FROM memorization WHERE model = ? AND context = ? AND continuation = ?")) {
      p.setString(1, model);
      p.setInt(2, context);
      p.setInt(3, continuation);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) out.add(r.getLong(1));
      }
    }
    return out;
  }

  /** Appends scored rows; {@code duplicates[i]} may be null. */
  public static void insert(
      Connection c, String model, RowMemorization[] rows, Integer[] duplicates)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO memorization VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::INTEGER[], ?::FLOAT[],"
                + " ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < rows.length; i++) {
        RowMemorization m = rows[i];
        p.setString(1, model);
        p.setLong(2, m.row());
        p.setInt(3, m.context());
        p.setInt(4, m.continuation());
        p.setDouble(5, m.score());
        p.setInt(6, m.matches());
        p.setBoolean(7, m.exact());
        p.setInt(8, m.firstMismatch());
        p.setString(9, java.util.Arrays.toString(m.generated()));
        p.setString(10, java.util.Arrays.toString(m.entropy()));
        p.setDouble(11, m.teacherForcedAccuracy());
        p.setDouble(12, m.editDistance());
        p.setDouble(13, m.bleu());
        p.setBoolean(14, m.bleu() >= Bleu.APPROXIMATE_MEMORIZATION);
        if (duplicates[i] == null) p.setNull(15, java.sql.Types.INTEGER);
        else p.setInt(15, duplicates[i]);
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
