package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.cli.MainTest.Run;
import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.suite.DuplicateManifest;
import io.memtrace.tokens.TokenStoreWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memorize, analyze and results on the tiny fixture models: scores against naive greedy decoding,
 * resumption after lost batches, analyses against brute force over the scores, refusals.
 */
class MemorizeCommandTest {
  static final Path FIXTURES = Path.of("../memtrace-core/src/test/resources/io/memtrace/model");
  static final Path A = FIXTURES.resolve("pythia-tiny");
  static final Path B = FIXTURES.resolve("pythia-tiny-sequential-bf16");
  static final int LENGTH = 30;

  @TempDir Path dir;
  Path rows;

  /** 40 rows: random ones, and ones that are model A's own greedy continuation of 8 tokens. */
  @BeforeEach
  void rows() throws Exception {
    rows = dir.resolve("rows");
    SplittableRandom r = new SplittableRandom(5);
    int[][] data = new int[40][LENGTH];
    for (int[] row : data) for (int j = 0; j < LENGTH; j++) row[j] = r.nextInt(256);
    try (LanguageModel lm = LanguageModel.load(A, 1)) {
      int[][] ctx = new int[10][];
      for (int i = 0; i < 10; i++) ctx[i] = Arrays.copyOf(data[i * 4], 8);
      Generation[] g =
          lm.greedy(
              lm.newCache(10), ctx, GreedyOptions.uniform(10, 22, 30, lm.config().eosTokenIds()));
      for (int i = 0; i < 10; i++) System.arraycopy(g[i].tokens(), 0, data[i * 4], 8, 22);
    }
    try (TokenStoreWriter w = TokenStoreWriter.create(rows, 260)) {
      for (int[] row : data) w.add(row);
      w.commit();
    }
    var passage = new DuplicateManifest.Passage(0, 3, data[5], new long[] {5, 6, 7});
    System.arraycopy(data[5], 0, data[6], 0, LENGTH);
    new DuplicateManifest(
            DuplicateManifest.FORMAT, DuplicateManifest.VERSION, LENGTH, List.of(passage))
        .write(dir.resolve(DuplicateManifest.FILE));
  }

  private Run memorize(Path db, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "memorize",
                "--models",
                A + "," + B,
                "--rows",
                rows.toString(),
                "--context",
                "8,12",
                "--continuation",
                "4,10",
                "--db",
                db.toString(),
                "--batch-rows",
                "7",
                "--threads",
                "1"));
    args.addAll(List.of(extra));
    return MainTest.run(args.toArray(String[]::new));
  }

  @Test
  void scoresEqualNaiveGreedyAndSurviveLostBatches() throws Exception {
    Path db = dir.resolve("r.duckdb");
    Run run = memorize(db, "--all");
    assertThat(run.code()).as(run.err()).isZero();
    Map<String, List<Object>> all = table(db, "SELECT * FROM memorization ORDER BY ALL");
    assertThat(all).hasSize(2 * 40 * 4);
    try (LanguageModel lm = LanguageModel.load(A, 1);
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT row, context, continuation, generated::VARCHAR, matches, exact,"
                    + " duplicates FROM memorization WHERE model = 'pythia-tiny'")) {
      int exact = 0;
      while (r.next()) {
        int row = r.getInt(1);
        int c0 = r.getInt(2);
        int l = r.getInt(3);
        int[] tokens = rowTokens(row);
        Generation naive =
            lm.greedy(
                    lm.newCache(1),
                    new int[][] {Arrays.copyOf(tokens, c0)},
                    GreedyOptions.uniform(1, l, c0 + l, lm.config().eosTokenIds()))[0];
        assertThat(r.getString(4)).isEqualTo(Arrays.toString(naive.tokens()));
        int matches = 0;
        for (int j = 0; j < l; j++) if (naive.tokens()[j] == tokens[c0 + j]) matches++;
        assertThat(r.getInt(5)).isEqualTo(matches);
        if (r.getBoolean(6)) exact++;
        assertThat(r.getInt(7)).isEqualTo(row >= 5 && row <= 7 ? 3 : 1);
      }
      assertThat(exact).as("rows built from A's own continuation").isGreaterThanOrEqualTo(40);
    }
    // Lose batches as a killed run would (whole transactions), then run again.
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement()) {
      s.execute(
          "DELETE FROM memorization WHERE model = 'pythia-tiny-sequential-bf16'"
              + " AND context = 12 AND row >= 14");
      // A row missing one continuation size only: rerun, and only that size is stored again.
      s.execute(
          "DELETE FROM memorization WHERE model = 'pythia-tiny' AND context = 8"
              + " AND continuation = 10 AND row BETWEEN 3 AND 9");
    }
    assertThat(memorize(db, "--all").code()).isZero();
    assertThat(table(db, "SELECT * FROM memorization ORDER BY ALL")).isEqualTo(all);
  }

  @Test
  void aContinuationSizeGivenTwiceIsScoredOnce() throws Exception {
    Path db = dir.resolve("twice.duckdb");
    Run run = memorize(db, "--all", "--continuation", "4"); // sizes 4, 10, 4
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(table(db, "SELECT * FROM memorization")).hasSize(2 * 40 * 4);
  }

  @Test
  void analysesEqualBruteForce() throws Exception {
    Path db = dir.resolve("r.duckdb");
    assertThat(memorize(db, "--sample", "25", "--include-duplicates").code()).isZero();
    Run run =
        MainTest.run("analyze", "--db", db.toString(), "--out", dir.resolve("fig").toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(dir.resolve("fig/score_bins.png")).exists();
    assertThat(dir.resolve("fig/transitions_1.svg")).exists();
    // Brute force over the scores.
    Map<String, Long> bins = new HashMap<>();
    Map<String, Integer> bin5 = new HashMap<>();
    for (List<Object> r :
        table(db, "SELECT model, row, context, continuation, matches FROM" + " memorization")
            .values()) {
      int m = ((Number) r.get(4)).intValue();
      int l = ((Number) r.get(3)).intValue();
      double score = (double) m / l;
      int b = m == 0 ? 0 : m == l ? 11 : 1 + (int) Math.floor(score * 10 + 1e-12);
      bins.merge(r.get(0) + "|" + r.get(2) + "|" + l + "|" + b, 1L, Long::sum);
      int b5 = score <= 0.2 ? 0 : score <= 0.4 ? 1 : score <= 0.6 ? 2 : score <= 0.8 ? 3 : 4;
      bin5.put(r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + l, b5);
    }
    Map<String, Long> sqlBins = new HashMap<>();
    for (List<Object> r :
        table(db, "SELECT model, context, continuation, bin, rows FROM" + " analysis_score_bins")
            .values()) {
      sqlBins.put(
          r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3),
          ((Number) r.get(4)).longValue());
    }
    assertThat(sqlBins).isEqualTo(bins);
    Map<String, Long> pairs = new HashMap<>();
    Map<String, Long> from = new HashMap<>();
    String[] models = {"pythia-tiny", "pythia-tiny-sequential-bf16"};
    for (var e : bin5.entrySet()) {
      String[] k = e.getKey().split("\\|");
      if (!k[0].equals(models[0])) continue;
      Integer other = bin5.get(models[1] + "|" + k[1] + "|" + k[2] + "|" + k[3]);
      pairs.merge(k[2] + "|" + k[3] + "|" + e.getValue() + "|" + other, 1L, Long::sum);
      from.merge(k[2] + "|" + k[3] + "|" + e.getValue(), 1L, Long::sum);
    }
    for (List<Object> r :
        table(
                db,
                "SELECT context, continuation, bin_a, bin_b, rows,"
                    + " probability FROM analysis_transitions WHERE model_a = 'pythia-tiny'")
            .values()) {
      String key = r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3);
      assertThat(((Number) r.get(4)).longValue()).isEqualTo(pairs.remove(key));
      assertThat(((Number) r.get(5)).doubleValue())
          .isCloseTo(
              (double) ((Number) r.get(4)).longValue()
                  / from.get(r.get(0) + "|" + r.get(1) + "|" + r.get(2)),
              org.assertj.core.data.Offset.offset(1e-12));
    }
    assertThat(pairs).isEmpty();
    Run export =
        MainTest.run(
            "results",
            "export",
            "--db",
            db.toString(),
            "--table",
            "analysis_score_bins",
            "--format",
            "csv",
            "--out",
            dir.resolve("bins.csv").toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(Files.readAllLines(dir.resolve("bins.csv"))).hasSize(1 + sqlBins.size());
    assertThat(MainTest.run("results", "tables", "--db", db.toString()).out())
        .contains("memorization", "analysis_transitions");
  }

  @Test
  void refusesBadInput() throws Exception {
    Path db = dir.resolve("r.duckdb");
    Run tooLong = memorize(db, "--all", "--continuation", "25");
    assertThat(tooLong.code()).isEqualTo(1);
    assertThat(tooLong.err()).contains("does not fit rows of 30 tokens");
    assertThat(memorize(db, "--sample", "3").code()).isZero();
    Run renamed =
        MainTest.run(
            "memorize",
            "--models",
            B.toString(),
            "--rows",
            rows.toString(),
            "--sample",
            "3",
            "--no-eos-suppression",
            "--context",
            "8",
            "--continuation",
            "4",
            "--db",
            db.toString());
    assertThat(renamed.err()).contains("already holds model 'pythia-tiny-sequential-bf16'");
    Path foreign = dir.resolve("foreign.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + foreign);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x INT)");
    }
    assertThat(memorize(foreign, "--sample", "3").err()).contains("not memtrace's results");
  }

  private int[] rowTokens(int row) throws Exception {
    try (var store = io.memtrace.tokens.TokenStore.open(rows)) {
      return store.sequence(row);
    }
  }

  /** Rows of a query keyed by their position, values as JDBC objects (arrays as strings). */
  static Map<String, List<Object>> table(Path db, String sql) throws Exception {
    Map<String, List<Object>> out = new java.util.LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      int i = 0;
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
          Object o = r.getObject(k);
          row.add(o instanceof java.sql.Array ? r.getString(k) : o);
        }
        out.put(Integer.toString(i++), row);
      }
    }
    return out;
  }
}
