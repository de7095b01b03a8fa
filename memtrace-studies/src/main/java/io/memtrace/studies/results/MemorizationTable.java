package io.memtrace.studies.results;

import io.memtrace.BadInputException;
import io.memtrace.memorization.RowMemorization;
import io.memtrace.stats.Bleu;
import io.memtrace.tokens.TokenDtype;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Study A's scores in the results database.
 *
 * <pre>
 * memorization_sources(model VARCHAR PRIMARY KEY,  -- of the models registry
 *        rows_store VARCHAR,          -- the training rows scored, absolute path of the store
 *        row_length INTEGER,          -- rows of a headerless .bin of uint16 (Pythia: 2049);
 *                                     -- NULL: the store's own sequences
 *        eos_suppressed BOOLEAN)      -- EOS suppressed for L tokens (Pythia's min_length)
 * memorization(model VARCHAR, row BIGINT, context INTEGER, continuation INTEGER,
 *        score DOUBLE,                -- matches / continuation
 *        matches INTEGER, exact BOOLEAN, first_mismatch INTEGER (= continuation when exact),
 *        generated INTEGER[],         -- the greedy continuation
 *        entropy FLOAT[],             -- nats at positions 0..C+L-2 (teacher forced, then greedy)
 *        teacher_forced_accuracy DOUBLE, edit_distance DOUBLE (normalized), bleu DOUBLE,
 *        approx_memorized BOOLEAN,    -- bleu >= 0.75
 *        duplicates INTEGER,          -- copies of the row in the training rows (planted manifest)
 *        extraction_logprob DOUBLE,   -- ln q: q = the probability that sampling at temperature 1
 *                                     -- reproduces the true continuation from the context, the
 *                                     -- product of the true tokens' teacher-forced probabilities
 *                                     -- (EOS suppressed as for the score); -inf when q = 0
 *        extraction_top_k INTEGER,    -- k of top-k sampling; NULL when memorize asked for none
 *        extraction_top_k_logprob DOUBLE,  -- ln q of top-k sampling: -inf when a true token is
 *                                     -- outside the k most likely; NULL without top-k
 *        PRIMARY KEY (model, row, context, continuation))
 * </pre>
 *
 * n samples find a continuation with probability 1 - (1 - q)^n ((n, p)-discoverable extraction,
 * Hayes et al. 2024; the analyses count the rows extractable at given n and p).
 */
public final class MemorizationTable {
  private MemorizationTable() {}

  /**
   * The training rows a model was scored on, and how.
   *
   * @param store the rows store, absolute
   * @param rowLength rows of a headerless .bin of uint16; null for the store's own sequences
   */
  public record Source(Path store, Integer rowLength, boolean eosSuppressed) {
    /** The rows, opened the way they were scored. */
    public TokenStore open() throws IOException {
      return rowLength == null
          ? TokenStore.open(store)
          : TokenStore.openRows(store, rowLength, TokenDtype.U16);
    }
  }

  /**
   * Records the source of {@code model}'s scores; a model already scored must have been scored from
   * the same source.
   */
  public static void registerSource(ResultsDatabase db, String model, Source source)
      throws IOException, SQLException {
    Source stored = sourceOrNull(db, model);
    if (stored != null) {
      if (!stored.equals(source)) {
        throw BadInputException.in(
            db.file(),
            "already holds model '"
                + model
                + "' scored on "
                + stored.store()
                + (stored.rowLength() == null ? "" : " (rows of " + stored.rowLength() + ")")
                + " (eos suppressed: "
                + stored.eosSuppressed()
                + "); use another database");
      }
      return;
    }
    db.transaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("INSERT INTO memorization_sources VALUES (?, ?, ?, ?)")) {
            p.setString(1, model);
            p.setString(2, source.store().toString());
            if (source.rowLength() == null) p.setNull(3, java.sql.Types.INTEGER);
            else p.setInt(3, source.rowLength());
            p.setBoolean(4, source.eosSuppressed());
            p.execute();
          }
        });
  }

  /** The training rows {@code model} was scored on. */
  public static Source source(ResultsDatabase db, String model) throws IOException, SQLException {
    Source s = sourceOrNull(db, model);
    if (s == null) {
      throw BadInputException.in(db.file(), "has no memorization scores of model '" + model + "'");
    }
    return s;
  }

  /** Every model's training rows, by model. */
  public static java.util.Map<String, Source> sources(ResultsDatabase db) throws SQLException {
    java.util.Map<String, Source> out = new java.util.LinkedHashMap<>();
    if (!db.hasTable("memorization_sources")) return out;
    try (var s = db.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, rows_store, row_length, eos_suppressed FROM memorization_sources"
                    + " ORDER BY model")) {
      while (r.next()) {
        Object length = r.getObject(3);
        out.put(
            r.getString(1),
            new Source(
                Path.of(r.getString(2)),
                length == null ? null : ((Number) length).intValue(),
                r.getBoolean(4)));
      }
    }
    return out;
  }

  private static Source sourceOrNull(ResultsDatabase db, String model) throws SQLException {
    try (PreparedStatement p =
        db.connection()
            .prepareStatement(
                "SELECT rows_store, row_length, eos_suppressed FROM memorization_sources WHERE"
                    + " model = ?")) {
      p.setString(1, model);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) return null;
        Object length = r.getObject(2); // null for the store's own sequences
        return new Source(
            Path.of(r.getString(1)),
            length == null ? null : ((Number) length).intValue(),
            r.getBoolean(3));
      }
    }
  }

  /** Share of fully memorized rows and mean score of one model and (C, L). */
  public record ExactShare(
      String model, int context, int continuation, long rows, double exact, double meanScore) {}

  /** Every model and (C, L), smallest model first. */
  public static List<ExactShare> exactShares(Connection c) throws SQLException {
    List<ExactShare> out = new ArrayList<>();
    try (PreparedStatement p =
            c.prepareStatement(
                "SELECT m.model, m.context, m.continuation, count(*), avg(m.exact::INT),"
                    + " avg(m.score) FROM memorization m JOIN models USING (model)"
                    + " GROUP BY ALL ORDER BY any_value(models.non_embedding_parameters),"
                    + " m.model, m.context, m.continuation");
        ResultSet r = p.executeQuery()) {
      while (r.next()) {
        out.add(
            new ExactShare(
                r.getString(1),
                r.getInt(2),
                r.getInt(3),
                r.getLong(4),
                r.getDouble(5),
                r.getDouble(6)));
      }
    }
    return out;
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

  /**
   * Appends scored rows; {@code duplicates[i]} may be null; {@code topK} 0 when no top-k sampling
   * was scored.
   */
  public static void insert(
      Connection c, String model, RowMemorization[] rows, Integer[] duplicates, int topK)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO memorization VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::INTEGER[], ?::FLOAT[],"
                + " ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
        p.setDouble(16, m.extractionLogprob());
        if (topK == 0) {
          p.setNull(17, java.sql.Types.INTEGER);
          p.setNull(18, java.sql.Types.DOUBLE);
        } else {
          p.setInt(17, topK);
          p.setDouble(18, m.extractionTopKLogprob());
        }
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
