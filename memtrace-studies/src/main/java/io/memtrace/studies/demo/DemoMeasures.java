package io.memtrace.studies.demo;

import io.memtrace.studies.results.ResultsDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo shows of the measures beyond study A's score, for the largest model compared across
 * sizes at the smallest (C, L), read from the analysis tables: extraction by sampling, each
 * membership inference baseline, the corpus spans of the greedy continuations, the taxonomy of the
 * memorized rows and the causal memorization profile of its size; each beside its value on the
 * planted passages where it has one, so a reader sees whether the measure finds them.
 */
public record DemoMeasures(
    String model,
    int context,
    int continuation,
    Extraction extraction,
    List<Membership> membership,
    Spans spans,
    Taxonomy taxonomy,
    List<CausalEffect> causal) {

  /**
   * Shares of rows that n samples find with probability at least p (n = 1, 10, 100, 1000), over all
   * rows, the planted passages and the rest; the greedy exact share likewise.
   */
  public record Extraction(
      String sampling,
      double p,
      long[] n,
      double[] all,
      double[] planted,
      double[] other,
      double greedyExact,
      long plantedRows) {}

  /** One baseline: trained vs held-out rows, and planted passages vs held-out rows. */
  public record Membership(
      String measure, double auc, double tprAt1, double tprAt01, Double plantedAuc) {}

  /** Mean tokens of the longest corpus span of a continuation, and the share found in full. */
  public record Spans(double meanLongest, double whole, Double planted, Double other) {}

  /**
   * Memorized rows and the share of each category (recitation, reconstruction, recollection); the
   * memorized rows of planted passages and how many of them are recitations.
   */
  public record Taxonomy(
      long memorized, double[] shares, long plantedMemorized, long plantedRecitations) {}

  /**
   * The causal memorization profile of the model's size: the effect of training on a row on its
   * mean log-likelihood per token, by steps since its cohort's checkpoint.
   */
  public record CausalEffect(long stepsSince, double effect, long treated) {}

  /** The measures of the database at {@code db}; parts that were not computed are null/empty. */
  public static DemoMeasures read(Path db) throws IOException, SQLException {
    try (ResultsDatabase r = ResultsDatabase.openReadOnly(db)) {
      Connection c = r.connection();
      String model;
      int context;
      int continuation;
      try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT model, context, continuation FROM memorization JOIN analysis_sizes USING"
                      + " (model) ORDER BY size DESC, model, context, continuation LIMIT 1");
          ResultSet q = p.executeQuery()) {
        if (!q.next()) return null;
        model = q.getString(1);
        context = q.getInt(2);
        continuation = q.getInt(3);
      }
      Extraction extraction = null;
      if (r.hasTable("analysis_extraction")) {
        try (PreparedStatement p =
            c.prepareStatement(
                "SELECT sampling, n, extractable_share, planted_extractable_share,"
                    + " other_extractable_share, greedy_exact_share, planted_rows FROM"
                    + " analysis_extraction WHERE model = ? AND context = ? AND continuation = ?"
                    + " AND sampling = 'temperature 1' AND p = 0.9 ORDER BY n")) {
          bind(p, model, context, continuation);
          List<double[]> rows = new ArrayList<>();
          double greedy = 0;
          long planted = 0;
          try (ResultSet q = p.executeQuery()) {
            while (q.next()) {
              rows.add(new double[] {q.getLong(2), q.getDouble(3), q.getDouble(4), q.getDouble(5)});
              greedy = q.getDouble(6);
              planted = q.getLong(7);
            }
          }
          if (!rows.isEmpty()) {
            extraction =
                new Extraction(
                    "temperature 1",
                    0.9,
                    rows.stream().mapToLong(v -> (long) v[0]).toArray(),
                    rows.stream().mapToDouble(v -> v[1]).toArray(),
                    rows.stream().mapToDouble(v -> v[2]).toArray(),
                    rows.stream().mapToDouble(v -> v[3]).toArray(),
                    greedy,
                    planted);
          }
        }
      }
      List<Membership> membership = new ArrayList<>();
      if (r.hasTable("analysis_membership")) {
        try (PreparedStatement p =
            c.prepareStatement(
                "SELECT t.measure, t.auc, t.tpr_at_1pct_fpr, t.tpr_at_01pct_fpr, d.auc FROM"
                    + " analysis_membership t LEFT JOIN analysis_membership d ON d.model ="
                    + " t.model AND d.context = t.context AND d.continuation = t.continuation AND"
                    + " d.measure = t.measure AND d.members = 'planted' WHERE t.members ="
                    + " 'trained' AND t.model = ? AND t.context = ? AND t.continuation = ?")) {
          bind(p, model, context, continuation);
          try (ResultSet q = p.executeQuery()) {
            while (q.next()) {
              double planted = q.getDouble(5);
              membership.add(
                  new Membership(
                      q.getString(1),
                      q.getDouble(2),
                      q.getDouble(3),
                      q.getDouble(4),
                      q.wasNull() ? null : planted));
            }
          }
        }
      }
      Spans spans = null;
      if (r.hasTable("analysis_spans")) {
        try (PreparedStatement p =
            c.prepareStatement(
                "SELECT mean_longest, whole_share, planted_mean_longest, other_mean_longest FROM"
                    + " analysis_spans WHERE model = ? AND context = ? AND continuation = ? LIMIT"
                    + " 1")) {
          bind(p, model, context, continuation);
          try (ResultSet q = p.executeQuery()) {
            if (q.next()) {
              spans =
                  new Spans(
                      q.getDouble(1),
                      q.getDouble(2),
                      (Double) q.getObject(3),
                      (Double) q.getObject(4));
            }
          }
        }
      }
      Taxonomy taxonomy = null;
      if (r.hasTable("analysis_taxonomy")) {
        try (PreparedStatement p =
            c.prepareStatement(
                "SELECT any_value(memorized), list(share ORDER BY CASE category WHEN 'recitation'"
                    + " THEN 0 WHEN 'reconstruction' THEN 1 ELSE 2 END), sum(planted_rows),"
                    + " sum(planted_rows) FILTER (WHERE category = 'recitation') FROM"
                    + " analysis_taxonomy WHERE model = ? AND context = ? AND continuation = ?")) {
          bind(p, model, context, continuation);
          try (ResultSet q = p.executeQuery()) {
            if (q.next() && q.getObject(1) != null) {
              Object[] shares = (Object[]) q.getArray(2).getArray();
              double[] values = new double[shares.length];
              for (int i = 0; i < values.length; i++)
                values[i] = ((Number) shares[i]).doubleValue();
              taxonomy = new Taxonomy(q.getLong(1), values, q.getLong(3), q.getLong(4));
            }
          }
        }
      }
      List<CausalEffect> causal = new ArrayList<>();
      if (r.hasTable("analysis_memorization_profile")) {
        try (PreparedStatement p =
            c.prepareStatement(
                "SELECT steps_since, effect, treated FROM analysis_memorization_profile a JOIN"
                    + " models m ON a.family = m.family AND a.size = m.non_embedding_parameters"
                    + " WHERE m.model = ? AND a.context = ? AND a.continuation = ? ORDER BY"
                    + " steps_since")) {
          bind(p, model, context, continuation);
          try (ResultSet q = p.executeQuery()) {
            while (q.next())
              causal.add(new CausalEffect(q.getLong(1), q.getDouble(2), q.getLong(3)));
          }
        }
      }
      return new DemoMeasures(
          model, context, continuation, extraction, membership, spans, taxonomy, causal);
    }
  }

  private static void bind(PreparedStatement p, String model, int context, int continuation)
      throws SQLException {
    p.setString(1, model);
    p.setInt(2, context);
    p.setInt(3, continuation);
  }
}
