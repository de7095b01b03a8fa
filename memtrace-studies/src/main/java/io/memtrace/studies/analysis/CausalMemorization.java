package io.memtrace.studies.analysis;

import io.memtrace.model.suite.Suite;
import io.memtrace.studies.results.MembershipTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Causal memorization (Lesci et al. 2024, "Causal Estimation of Memorisation Profiles"): how much
 * training on a row raised its own log-likelihood, estimated by difference-in-differences across
 * the checkpoints of one model size. A row of the suite's rows store is trained at optimizer step
 * {@code row / batch + 1} (the suite trains its rows in store order); the rows trained between two
 * checkpoints form a cohort, whose change in mean log-likelihood per token (-loss of the {@code
 * membership} table) from the checkpoint before it to a later one is compared with the change of
 * the control rows over the same checkpoints: rows not yet trained at the later one and the
 * held-out rows no checkpoint trained on.
 *
 * <pre>
 * analysis_causal_memorization(family, size BIGINT, context, continuation,
 *        cohort_checkpoint BIGINT,   -- the first checkpoint after the cohort was trained
 *        pre_checkpoint BIGINT,      -- the last one before
 *        checkpoint BIGINT, steps_since BIGINT,  -- a checkpoint at or after the cohort's; the gap
 *        treated BIGINT, controls BIGINT,        -- rows compared
 *        effect DOUBLE)              -- treated rows' mean change minus the controls'
 * analysis_memorization_profile(family, size, context, continuation, steps_since,
 *        cohorts BIGINT, treated BIGINT,
 *        effect DOUBLE)              -- the cohorts' effects weighted by their treated rows
 * </pre>
 *
 * Rows trained before the first scored checkpoint have no checkpoint before their training and are
 * left out. Needs the rows per optimizer step (a memtrace suite's {@code suite.json} beside the
 * rows store, or given: Pythia's pre-shuffled rows are 1024 per step, row {@code s * 1024 + i} of
 * step s, seen by checkpoint {@code s + 1} on) and at least two checkpoints of a size scored with
 * their membership scores. Without held-out rows (Pythia) the controls are the rows not yet
 * trained.
 */
final class CausalMemorization {
  private CausalMemorization() {}

  /** Mean log-likelihood per token of each row at each checkpoint of one size and (C, L). */
  private static final class Panel {
    final TreeMap<Long, Map<Long, Double>> members = new TreeMap<>();
    final TreeMap<Long, Map<Long, Double>> heldOut = new TreeMap<>();
  }

  private record Key(String family, long size, int context, int continuation) {}

  static List<String> run(Connection c, Path figures, Integer rowsPerStep)
      throws SQLException, IOException {
    Integer batch = rowsPerStep != null ? rowsPerStep : suiteBatch(c);
    if (batch == null) return List.of();
    Map<Key, Panel> panels = new TreeMap<>(CausalMemorization::compare);
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT family, non_embedding_parameters, step, context, continuation, split,"
                    + " row, loss FROM membership JOIN models USING (model) WHERE step IS NOT"
                    + " NULL")) {
      while (r.next()) {
        Panel p =
            panels.computeIfAbsent(
                new Key(r.getString(1), r.getLong(2), r.getInt(4), r.getInt(5)), k -> new Panel());
        var bySplit = MembershipTable.MEMBER.equals(r.getString(6)) ? p.members : p.heldOut;
        bySplit
            .computeIfAbsent(r.getLong(3), k -> new HashMap<>())
            .put(r.getLong(7), -r.getDouble(8));
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE TABLE analysis_causal_memorization (family VARCHAR, size BIGINT,"
              + " context INTEGER, continuation INTEGER, cohort_checkpoint BIGINT, pre_checkpoint"
              + " BIGINT, checkpoint BIGINT, steps_since BIGINT, treated BIGINT, controls BIGINT,"
              + " effect DOUBLE)");
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO analysis_causal_memorization VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (var e : panels.entrySet()) estimate(e.getKey(), e.getValue(), batch, insert);
      insert.executeBatch();
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE TABLE analysis_memorization_profile AS SELECT family, size, context,"
              + " continuation, steps_since, count(*) AS cohorts, sum(treated) AS treated,"
              + " sum(effect * treated) / sum(treated) AS effect FROM analysis_causal_memorization"
              + " GROUP BY ALL ORDER BY ALL");
    }
    profileFigure(c, figures);
    return List.of("analysis_causal_memorization", "analysis_memorization_profile");
  }

  /** The batch size of the suite whose rows were scored, or null when they are not a suite's. */
  private static Integer suiteBatch(Connection c) throws SQLException, IOException {
    List<String> stores = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT DISTINCT rows_store FROM memorization_sources")) {
      while (r.next()) stores.add(r.getString(1));
    }
    if (stores.size() != 1) return null;
    Path dir = Path.of(stores.getFirst()).toAbsolutePath().getParent();
    if (dir == null || !Files.exists(dir.resolve(Suite.MANIFEST))) return null;
    return Suite.read(dir).batch();
  }

  /** Every cohort's effect at every checkpoint from its own on. */
  private static void estimate(Key key, Panel p, int batch, PreparedStatement insert)
      throws SQLException {
    List<Long> checkpoints = new ArrayList<>(p.members.keySet());
    for (int k = 1; k < checkpoints.size(); k++) {
      long pre = checkpoints.get(k - 1);
      long cohort = checkpoints.get(k);
      for (int j = k; j < checkpoints.size(); j++) {
        long at = checkpoints.get(j);
        Map<Long, Double> before = p.members.get(pre);
        Map<Long, Double> after = p.members.get(at);
        double treated = 0;
        long nTreated = 0;
        double control = 0;
        long nControl = 0;
        for (var row : before.entrySet()) {
          Double y = after.get(row.getKey());
          if (y == null) continue;
          long trainedAt = row.getKey() / batch + 1;
          if (trainedAt > pre && trainedAt <= cohort) {
            treated += y - row.getValue();
            nTreated++;
          } else if (trainedAt > at) {
            control += y - row.getValue();
            nControl++;
          }
        }
        Map<Long, Double> heldBefore = p.heldOut.getOrDefault(pre, Map.of());
        Map<Long, Double> heldAfter = p.heldOut.getOrDefault(at, Map.of());
        for (var row : heldBefore.entrySet()) {
          Double y = heldAfter.get(row.getKey());
          if (y == null) continue;
          control += y - row.getValue();
          nControl++;
        }
        if (nTreated == 0 || nControl == 0) continue;
        insert.setString(1, key.family());
        insert.setLong(2, key.size());
        insert.setInt(3, key.context());
        insert.setInt(4, key.continuation());
        insert.setLong(5, cohort);
        insert.setLong(6, pre);
        insert.setLong(7, at);
        insert.setLong(8, at - cohort);
        insert.setLong(9, nTreated);
        insert.setLong(10, nControl);
        insert.setDouble(11, treated / nTreated - control / nControl);
        insert.addBatch();
      }
    }
  }

  private static int compare(Key a, Key b) {
    int c = a.family().compareTo(b.family());
    if (c == 0) c = Long.compare(a.size(), b.size());
    if (c == 0) c = Integer.compare(a.context(), b.context());
    return c != 0 ? c : Integer.compare(a.continuation(), b.continuation());
  }

  /** The profile: effect against steps since training, one line per size and (C, L). */
  private static void profileFigure(Connection c, Path figures) throws SQLException, IOException {
    Map<String, List<double[]>> series = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT family, size, context, continuation, steps_since, effect FROM"
                    + " analysis_memorization_profile ORDER BY ALL")) {
      while (r.next()) {
        String name =
            r.getString(1)
                + " "
                + new CompactNumberFormat().format(r.getLong(2))
                + " C="
                + r.getInt(3)
                + " L="
                + r.getInt(4);
        series
            .computeIfAbsent(name, k -> new ArrayList<>())
            .add(new double[] {r.getLong(5), r.getDouble(6)});
      }
    }
    if (series.isEmpty()) return;
    Figures.lines(
        figures,
        "memorization_profile",
        "Causal memorization profile (difference in differences)",
        "optimizer steps since the cohort's checkpoint",
        "effect on the row's mean log-likelihood per token",
        series,
        false);
  }
}
