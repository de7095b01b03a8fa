package io.memtrace.studies.results;

import io.memtrace.memorization.MembershipScores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Membership inference scores (as the mimir toolkit) of the rows memorize scored, members, and of
 * rows of the same corpus no model trained on, non-members; each over the row's first C + L tokens.
 *
 * <pre>
 * membership(model VARCHAR,
 *        split VARCHAR,               -- 'member': the row of memorization_sources' store (the
 *                                     -- memorization row of the same key); 'heldout': a row of
 *                                     -- the held-out store given to memorize (a suite's heldout)
 *        row BIGINT, context INTEGER, continuation INTEGER,
 *        loss DOUBLE,                 -- mean -ln p(x_t | x_&lt;t), t = 1 .. C+L-1, nats; the model's
 *                                     -- own distribution (no EOS suppression)
 *        zlib_ratio DOUBLE,           -- loss / bytes of the zlib-compressed text of the tokens
 *        min_k DOUBLE,                -- mean of the lowest 20% of ln p(x_t | x_&lt;t)
 *        min_k_plus_plus DOUBLE,      -- the same over (ln p(x_t) - mu_t) / sigma_t, mu_t and
 *                                     -- sigma_t the mean and std of ln p over the vocabulary
 *        PRIMARY KEY (model, split, row, context, continuation))
 * </pre>
 *
 * The reference-model ratio (loss minus a smaller model's loss on the same rows) is formed by the
 * analyses, which evaluate every score as a member / non-member classifier.
 */
public final class MembershipTable {
  public static final String MEMBER = "member";
  public static final String HELD_OUT = "heldout";

  private MembershipTable() {}

  /** The scores of one row's first C + L tokens. */
  public record Entry(long row, int context, int continuation, MembershipScores scores) {}

  /** Rows of {@code split} already scored for {@code model} and (C, L). */
  public static Set<Long> scoredRows(
      Connection c, String model, String split, int context, int continuation) throws SQLException {
    Set<Long> out = new HashSet<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT row FROM membership WHERE model = ? AND split = ? AND context = ? AND"
                + " continuation = ?")) {
      p.setString(1, model);
      p.setString(2, split);
      p.setInt(3, context);
      p.setInt(4, continuation);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) out.add(r.getLong(1));
      }
    }
    return out;
  }

  /** Stores scores, replacing those of the same key (a rescored batch whose rows were lost). */
  public static void insert(Connection c, String model, String split, List<Entry> entries)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT OR REPLACE INTO membership VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Entry e : entries) {
        p.setString(1, model);
        p.setString(2, split);
        p.setLong(3, e.row());
        p.setInt(4, e.context());
        p.setInt(5, e.continuation());
        p.setDouble(6, e.scores().loss());
        p.setDouble(7, e.scores().zlibRatio());
        p.setDouble(8, e.scores().minK());
        p.setDouble(9, e.scores().minKPlusPlus());
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
