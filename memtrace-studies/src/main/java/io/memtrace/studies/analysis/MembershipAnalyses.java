package io.memtrace.studies.analysis;

import static io.memtrace.studies.analysis.AnalysisSql.exec;
import static io.memtrace.studies.analysis.AnalysisSql.firstSetting;
import static io.memtrace.studies.analysis.AnalysisSql.scalar;

import io.memtrace.BadInputException;
import io.memtrace.stats.Roc;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Membership inference baselines (as the mimir toolkit) evaluated as classifiers of trained rows
 * (members) against held-out rows (non-members), for every scored model and (C, L). Each score is
 * oriented so that higher means "member": -loss, -zlib ratio, min-k%, min-k%++, and -(loss -
 * reference loss), the reference being the model {@code analyze --reference} names, else the
 * smallest model of the family among those compared across sizes, on the same rows.
 *
 * <pre>
 * analysis_membership(model, family, size, step, context, continuation,
 *        measure VARCHAR,            -- 'loss', 'zlib', 'min-k%', 'min-k%++', 'reference'
 *        members VARCHAR,            -- 'trained': every scored training row; 'planted': the rows of
 *                                    -- planted passages (duplicates > 1)
 *        member_rows BIGINT, nonmember_rows BIGINT,
 *        reference VARCHAR,          -- the reference model of 'reference'; NULL otherwise
 *        auc DOUBLE,                 -- area under the ROC curve
 *        tpr_at_1pct_fpr DOUBLE, tpr_at_01pct_fpr DOUBLE)  -- true positive rate at a false
 *                                    -- positive rate of at most 1% and 0.1%
 * </pre>
 */
final class MembershipAnalyses {
  static final String[] MEASURES = {"loss", "zlib", "min-k%", "min-k%++", "reference"};

  private MembershipAnalyses() {}

  /** Scores of one model and (C, L): per measure, members (all, planted) and non-members. */
  private static final class Scores {
    String family;
    long size;
    long step;
    String reference;
    final List<List<Double>> trained = lists();
    final List<List<Double>> planted = lists();
    final List<List<Double>> heldOut = lists();

    private static List<List<Double>> lists() {
      List<List<Double>> out = new ArrayList<>();
      for (int i = 0; i < MEASURES.length; i++) out.add(new ArrayList<>());
      return out;
    }
  }

  /**
   * @param reference the reference model for every model; null for each family's smallest
   * @param db the database file, named in errors
   */
  static List<String> run(Connection c, Path figures, String reference, Path db)
      throws SQLException, IOException {
    if (scalar(c, "SELECT count(*) FROM membership WHERE split = 'heldout'") == 0) return List.of();
    if (reference != null
        && scalar(
                c,
                "SELECT count(*) FROM membership WHERE split = 'heldout' AND model = "
                    + AnalysisSql.literal(reference))
            == 0) {
      throw BadInputException.in(
          db,
          "holds no membership scores of held-out rows for reference model '" + reference + "'");
    }
    String chosen =
        reference != null
            ? AnalysisSql.literal(reference)
            : "(SELECT a.model FROM analysis_sizes a WHERE a.family IS NOT DISTINCT FROM m.family"
                + " ORDER BY a.size, a.model LIMIT 1)";
    Map<List<Object>, Scores> groups = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "WITH refs AS (SELECT m.model, "
                    + chosen
                    + " AS reference FROM models m) SELECT b.model, x.family,"
                    + " x.non_embedding_parameters, x.step, b.context, b.continuation, b.split,"
                    + " b.loss, b.zlib_ratio, b.min_k, b.min_k_plus_plus, refs.reference, o.loss,"
                    + " coalesce(mem.duplicates, 1) > 1 FROM membership b JOIN models x USING"
                    + " (model) JOIN refs USING (model) LEFT JOIN membership o ON o.model ="
                    + " refs.reference AND o.model <> b.model AND o.split = b.split AND o.row ="
                    + " b.row AND o.context = b.context AND o.continuation = b.continuation LEFT"
                    + " JOIN memorization mem ON b.split = 'member' AND mem.model = b.model AND"
                    + " mem.row = b.row AND mem.context = b.context AND mem.continuation ="
                    + " b.continuation ORDER BY x.non_embedding_parameters, x.step, b.model,"
                    + " b.context, b.continuation")) {
      while (r.next()) {
        List<Object> key = List.of(r.getString(1), r.getInt(5), r.getInt(6));
        Scores g = groups.computeIfAbsent(key, k -> new Scores());
        g.family = r.getString(2);
        g.size = r.getLong(3);
        g.step = r.getLong(4);
        double loss = r.getDouble(8);
        double refLoss = r.getDouble(13);
        boolean hasRef = !r.wasNull();
        if (hasRef) g.reference = r.getString(12);
        double[] v = {-loss, -r.getDouble(9), r.getDouble(10), r.getDouble(11), refLoss - loss};
        boolean member = r.getString(7).equals("member");
        boolean planted = r.getBoolean(14);
        for (int m = 0; m < MEASURES.length; m++) {
          if (m == 4 && !hasRef) continue;
          (member ? g.trained : g.heldOut).get(m).add(v[m]);
          if (member && planted) g.planted.get(m).add(v[m]);
        }
      }
    }
    exec(
        c,
        "CREATE OR REPLACE TABLE analysis_membership (model VARCHAR, family VARCHAR, size BIGINT,"
            + " step BIGINT, context INTEGER, continuation INTEGER, measure VARCHAR, members"
            + " VARCHAR, member_rows BIGINT, nonmember_rows BIGINT, reference VARCHAR, auc"
            + " DOUBLE, tpr_at_1pct_fpr DOUBLE, tpr_at_01pct_fpr DOUBLE)");
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO analysis_membership VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (var e : groups.entrySet()) {
        Scores g = e.getValue();
        for (int m = 0; m < MEASURES.length; m++) {
          double[] non = array(g.heldOut.get(m));
          for (String members : List.of("trained", "planted")) {
            double[] pos = array((members.equals("trained") ? g.trained : g.planted).get(m));
            if (pos.length == 0 || non.length == 0) continue;
            p.setString(1, (String) e.getKey().get(0));
            p.setString(2, g.family);
            p.setLong(3, g.size);
            p.setLong(4, g.step);
            p.setInt(5, (Integer) e.getKey().get(1));
            p.setInt(6, (Integer) e.getKey().get(2));
            p.setString(7, MEASURES[m]);
            p.setString(8, members);
            p.setLong(9, pos.length);
            p.setLong(10, non.length);
            p.setString(11, m == 4 ? g.reference : null);
            p.setDouble(12, Roc.auc(pos, non));
            p.setDouble(13, Roc.tprAtFpr(pos, non, 0.01));
            p.setDouble(14, Roc.tprAtFpr(pos, non, 0.001));
            p.addBatch();
          }
        }
      }
      p.executeBatch();
    }
    figure(c, figures);
    return List.of("analysis_membership");
  }

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** AUC of each measure against size, trained rows vs held-out rows, the first (C, L). */
  private static void figure(Connection c, Path dir) throws SQLException, IOException {
    int[] cl = firstSetting(c);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (String m : MEASURES) series.put(m, new ArrayList<>());
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT measure, size, avg(auc) FROM analysis_membership JOIN analysis_sizes"
                    + " USING (model, size) WHERE members = 'trained' AND context = "
                    + cl[0]
                    + " AND continuation = "
                    + cl[1]
                    + " GROUP BY measure, size ORDER BY size")) {
      while (r.next()) series.get(r.getString(1)).add(new double[] {r.getLong(2), r.getDouble(3)});
    }
    Figures.lines(
        dir,
        "membership_auc",
        "Membership inference, trained vs held-out rows (C="
            + cl[0]
            + ", L="
            + cl[1]
            + SizeAnalyses.stepTitle(c)
            + ")",
        "non-embedding parameters",
        "ROC AUC",
        series,
        true);
  }
}
