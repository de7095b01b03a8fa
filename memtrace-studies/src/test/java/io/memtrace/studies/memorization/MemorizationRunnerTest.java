package io.memtrace.studies.memorization;

import static io.memtrace.studies.StudyFixtures.A;
import static io.memtrace.studies.StudyFixtures.B;
import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.index.IndexWriter;
import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Study A's runner on the tiny fixture models: scores against naive greedy decoding, resumption
 * after lost batches, refusals.
 */
class MemorizationRunnerTest {
  @TempDir Path dir;
  Path rows;

  @BeforeEach
  void rows() throws Exception {
    rows = StudyFixtures.rows(dir);
  }

  static MemorizationSettings settings(Path rows, RowSelection selection, List<Integer> ls) {
    return new MemorizationSettings(
        List.of(ModelRef.of(A), ModelRef.of(B)),
        rows,
        null,
        selection,
        false,
        null,
        List.of(8, 12),
        ls,
        7,
        1,
        true,
        null);
  }

  @Test
  void extractionAndMembershipScoresEqualTheEnginesStatistics() throws Exception {
    Path heldOut = StudyFixtures.heldOut(dir);
    Path db = dir.resolve("r.duckdb");
    var s = settings(rows, new RowSelection.Sample(12, 3), List.of(4, 10));
    var settings =
        new MemorizationSettings(
            s.models(),
            rows,
            null,
            s.selection(),
            false,
            null,
            List.of(8),
            s.continuations(),
            5,
            1,
            true,
            null,
            null,
            3);
    assertThat(MemorizationRunner.run(settings, db, Reporter.SILENT).heldOutRows()).isEqualTo(12);
    try (LanguageModel lm = LanguageModel.load(A, 1);
        TokenStore members = TokenStore.open(rows);
        TokenStore held = TokenStore.open(heldOut)) {
      List<Integer> eos = lm.config().eosTokenIds();
      var rowsOf =
          table(
              db,
              "SELECT m.row, m.continuation, m.extraction_logprob, m.extraction_top_k,"
                  + " m.extraction_top_k_logprob, b.loss FROM memorization m JOIN membership b"
                  + " USING (model, row, context, continuation) WHERE b.split = 'member' AND"
                  + " model = 'pythia-tiny' ORDER BY ALL");
      assertThat(rowsOf).hasSize(12 * 2);
      for (List<Object> r : rowsOf.values()) {
        int l = ((Number) r.get(1)).intValue();
        int[] tokens = Arrays.copyOf(members.sequence(((Number) r.get(0)).longValue()), 8 + l);
        var suppressed =
            lm.score(
                    new int[][] {tokens},
                    io.memtrace.model.ScoreOptions.DEFAULT.withSuppressed(eos).withTopK(3))[0];
        double logq = 0;
        double topq = 0;
        for (int j = 7; j < 7 + l; j++) {
          logq += suppressed.targetLogprob()[j];
          int target = tokens[j + 1];
          double z = 0;
          boolean inside = false;
          for (int k = 0; k < 3; k++) {
            z += Math.exp(suppressed.topLogprobs()[j][k]);
            inside |= suppressed.topIds()[j][k] == target;
          }
          topq += inside ? suppressed.targetLogprob()[j] - Math.log(z) : Double.NEGATIVE_INFINITY;
        }
        assertThat((Double) r.get(2)).isCloseTo(logq, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(((Number) r.get(3)).intValue()).isEqualTo(3);
        if (topq == Double.NEGATIVE_INFINITY) assertThat((Double) r.get(4)).isEqualTo(topq);
        else
          assertThat((Double) r.get(4)).isCloseTo(topq, org.assertj.core.data.Offset.offset(1e-4));
        assertThat((Double) r.get(5))
            .isCloseTo(loss(lm, tokens), org.assertj.core.data.Offset.offset(1e-4));
      }
      // As many held-out rows as selected rows, the first of the store, scored without decoding.
      var heldRows =
          table(
              db,
              "SELECT row, continuation, loss FROM membership WHERE split = 'heldout' AND model ="
                  + " 'pythia-tiny' ORDER BY ALL");
      assertThat(heldRows).hasSize(12 * 2);
      for (List<Object> r : heldRows.values()) {
        long row = ((Number) r.get(0)).longValue();
        assertThat(row).isLessThan(12);
        int[] tokens = Arrays.copyOf(held.sequence(row), 8 + ((Number) r.get(1)).intValue());
        assertThat((Double) r.get(2))
            .isCloseTo(loss(lm, tokens), org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  /** Mean -ln p of tokens 1.. under the model's own distribution, by the engine's reducer. */
  private static double loss(LanguageModel lm, int[] tokens) {
    var plain = lm.score(new int[][] {tokens}, io.memtrace.model.ScoreOptions.DEFAULT)[0];
    double sum = 0;
    for (float v : plain.targetLogprob()) sum -= v;
    return sum / plain.positions();
  }

  @Test
  void scoresEqualNaiveGreedyAndSurviveLostBatches() throws Exception {
    Path db = dir.resolve("r.duckdb");
    var settings = settings(rows, new RowSelection.All(), List.of(4, 10));
    MemorizationRunner.Result result = MemorizationRunner.run(settings, db, Reporter.SILENT);
    assertThat(result.rows()).isEqualTo(40);
    assertThat(result.shares()).hasSize(2 * 2 * 2);
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
    // The summary is the table's own aggregate.
    for (var share : result.shares()) {
      var counted =
          table(
              db,
              "SELECT count(*), avg(exact::INT) FROM memorization WHERE model = '"
                  + share.model()
                  + "' AND context = "
                  + share.context()
                  + " AND continuation = "
                  + share.continuation());
      assertThat(((Number) counted.get("0").get(0)).longValue()).isEqualTo(share.rows());
      assertThat(((Number) counted.get("0").get(1)).doubleValue()).isEqualTo(share.exact());
    }
    // Lose batches as a killed run would (whole transactions), then run again.
    StudyFixtures.execute(
        db,
        "DELETE FROM memorization WHERE model = 'pythia-tiny-sequential-bf16'"
            + " AND context = 12 AND row >= 14",
        // A row missing one continuation size only: rerun, and only that size is stored again.
        "DELETE FROM memorization WHERE model = 'pythia-tiny' AND context = 8"
            + " AND continuation = 10 AND row BETWEEN 3 AND 9");
    MemorizationRunner.run(settings, db, Reporter.SILENT);
    assertThat(table(db, "SELECT * FROM memorization ORDER BY ALL")).isEqualTo(all);
  }

  /**
   * With an index of the rows, each continuation's longest corpus span is the longest run of its
   * greedy tokens found by scanning every row, counted the same way; rows scored before the index
   * was given are traced by the next run that has it.
   */
  @Test
  void tracesEachContinuationToTheCorpus() throws Exception {
    Path db = dir.resolve("spans.duckdb");
    var plain = settings(rows, new RowSelection.Sample(12, 3), List.of(4, 10));
    MemorizationRunner.run(plain, db, Reporter.SILENT);
    Path index = index(rows, null);
    MemorizationRunner.run(withIndex(plain, index), db, Reporter.SILENT);
    List<int[]> corpus = new ArrayList<>();
    try (var store = TokenStore.open(rows)) {
      for (int r = 0; r < store.sequenceCount(); r++) corpus.add(store.sequence(r));
    }
    Map<String, List<Object>> spans =
        table(
            db,
            "SELECT m.generated, m.exact, m.continuation, s.longest, s.span_start, s.occurrences,"
                + " s.document, s.corpus_index, m.model, m.context, m.duplicates FROM memorization"
                + " m LEFT JOIN memorization_spans s USING (model, row, context, continuation)");
    assertThat(spans).hasSize(2 * 12 * 2 * 2);
    // Per model and (C, L): rows, sum of longest, whole, planted rows and sum, other sum.
    Map<String, double[]> sums = new java.util.HashMap<>();
    for (List<Object> row : spans.values()) {
      int[] generated = ids((String) row.get(0));
      int longest = 0;
      int start = -1;
      for (int i = 0; i < generated.length; i++) {
        for (int j = i + longest + 1; j <= generated.length; j++) {
          if (count(corpus, Arrays.copyOfRange(generated, i, j)) > 0) {
            longest = j - i;
            start = i;
          }
        }
      }
      assertThat(row.get(3)).as("longest span of %s", row.get(0)).isEqualTo(longest);
      double[] sum =
          sums.computeIfAbsent(
              row.get(8) + "|" + row.get(9) + "|" + row.get(2), k -> new double[7]);
      boolean planted = ((Number) row.get(10)).intValue() > 1;
      sum[0]++;
      sum[1] += longest;
      if (longest == generated.length) sum[2]++;
      sum[planted ? 3 : 5]++;
      sum[planted ? 4 : 6] += longest;
      if ((Boolean) row.get(1)) assertThat(longest).isEqualTo(row.get(2));
      assertThat(row.get(7)).isEqualTo(index.toAbsolutePath().normalize().toString());
      if (longest == 0) {
        assertThat(row.subList(4, 7)).containsExactly(null, 0L, null);
        continue;
      }
      int[] span = Arrays.copyOfRange(generated, start, start + longest);
      assertThat(row.get(4)).isEqualTo(start);
      assertThat(row.get(5)).isEqualTo(count(corpus, span));
      int document = ((Number) row.get(6)).intValue();
      assertThat(count(List.of(corpus.get(document)), span)).isPositive();
    }
    MemorizationRunner.run(withIndex(plain, index), db, Reporter.SILENT);
    assertThat(table(db, "SELECT * FROM memorization_spans")).hasSize(spans.size());
    // analyze's span summary against the spans found by scanning.
    io.memtrace.studies.analysis.AnalysisRunner.run(
        new io.memtrace.studies.analysis.AnalysisSettings(dir.resolve("fig"), null, false, 1), db);
    var summary =
        table(
                db,
                "SELECT model, context, continuation, rows, mean_longest, whole_share,"
                    + " planted_rows, planted_mean_longest, other_mean_longest FROM analysis_spans")
            .values();
    assertThat(summary).hasSize(sums.size());
    for (List<Object> r : summary) {
      double[] sum = sums.get(r.get(0) + "|" + r.get(1) + "|" + r.get(2));
      var near = org.assertj.core.data.Offset.offset(1e-12);
      assertThat(((Number) r.get(3)).doubleValue()).isEqualTo(sum[0]);
      assertThat((Double) r.get(4)).isCloseTo(sum[1] / sum[0], near);
      assertThat((Double) r.get(5)).isCloseTo(sum[2] / sum[0], near);
      assertThat(((Number) r.get(6)).doubleValue()).isEqualTo(sum[3]);
      if (sum[3] > 0) assertThat((Double) r.get(7)).isCloseTo(sum[4] / sum[3], near);
      else assertThat(r.get(7)).isNull();
      assertThat((Double) r.get(8)).isCloseTo(sum[6] / sum[5], near);
    }
    assertThat(dir.resolve("fig/spans.svg")).exists();
  }

  @Test
  void refusesAnIndexOfAnotherTokenizer() throws Exception {
    Path other = dir.resolve("other");
    try (var store = TokenStore.open(rows);
        var w = TokenStoreWriter.create(other, 260)) {
      for (int r = 0; r < store.sequenceCount(); r++) w.add(store.sequence(r));
      w.commit();
    }
    var meta =
        new StoreMetadata(
            StoreMetadata.FORMAT,
            StoreMetadata.VERSION,
            "/nowhere/tokenizer.json",
            "ab".repeat(32),
            260,
            null,
            false,
            List.of("other"),
            40,
            40 * StudyFixtures.LENGTH);
    meta.write(other);
    var s =
        withIndex(settings(rows, new RowSelection.Sample(3, 1), List.of(4)), index(other, meta));
    assertThatThrownBy(() -> MemorizationRunner.run(s, dir.resolve("o.duckdb"), Reporter.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tokenizer of SHA-256 " + "ab".repeat(32));
  }

  private Path index(Path store, StoreMetadata meta) throws Exception {
    Path out = dir.resolve(store.getFileName() + ".index");
    try (var tokens = TokenStore.open(store)) {
      IndexWriter.build(tokens, meta, out, new IndexWriter.Options(64 << 20, 1), Progress.NONE);
    }
    return out;
  }

  private static MemorizationSettings withIndex(MemorizationSettings s, Path index) {
    return new MemorizationSettings(
        s.models(),
        s.rows(),
        s.rowLength(),
        s.selection(),
        s.includeDuplicates(),
        s.duplicates(),
        s.contexts(),
        s.continuations(),
        s.batchRows(),
        s.threads(),
        s.eosSuppressed(),
        index);
  }

  private static int[] ids(String array) {
    return Arrays.stream(array.replaceAll("[\\[\\] ]", "").split(","))
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private static long count(List<int[]> documents, int[] q) {
    long n = 0;
    for (int[] doc : documents) {
      for (int p = 0; p + q.length <= doc.length; p++) {
        if (Arrays.equals(doc, p, p + q.length, q, 0, q.length)) n++;
      }
    }
    return n;
  }

  @Test
  void aContinuationSizeGivenTwiceIsScoredOnce() throws Exception {
    Path db = dir.resolve("twice.duckdb");
    MemorizationRunner.run(
        settings(rows, new RowSelection.All(), List.of(4, 10, 4)), db, Reporter.SILENT);
    assertThat(table(db, "SELECT * FROM memorization")).hasSize(2 * 40 * 4);
  }

  @Test
  void selectsTheRowsOfTrainingStepsAndThePlantedPassages() throws Exception {
    Path db = dir.resolve("steps.duckdb");
    var steps = new RowSelection.TrainingSteps(2, 4, 5);
    var s = settings(rows, steps, List.of(4));
    var withPassages =
        new MemorizationSettings(
            s.models(),
            rows,
            null,
            steps,
            true,
            null,
            List.of(8),
            List.of(4),
            s.batchRows(),
            1,
            true,
            null);
    assertThat(MemorizationRunner.run(withPassages, db, Reporter.SILENT).rows()).isEqualTo(11);
    assertThat(table(db, "SELECT DISTINCT row FROM memorization ORDER BY row").values())
        .extracting(r -> ((Number) r.get(0)).longValue())
        .containsExactly(5L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
  }

  @Test
  void refusesBadInput() throws Exception {
    Path db = dir.resolve("r.duckdb");
    assertThatThrownBy(
            () ->
                MemorizationRunner.run(
                    settings(rows, new RowSelection.All(), List.of(25)), db, Reporter.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("does not fit rows of 30 tokens");
    assertThatThrownBy(
            () ->
                MemorizationRunner.run(
                    settings(rows, new RowSelection.Sample(41, 1), List.of(4)),
                    db,
                    Reporter.SILENT))
        .hasMessageContaining("the store has 40 rows");
    MemorizationRunner.run(
        settings(rows, new RowSelection.Sample(3, 1), List.of(4)), db, Reporter.SILENT);
    var otherEos =
        new MemorizationSettings(
            List.of(ModelRef.of(B)),
            rows,
            null,
            new RowSelection.Sample(3, 1),
            false,
            null,
            List.of(8),
            List.of(4),
            64,
            1,
            false,
            null);
    assertThatThrownBy(() -> MemorizationRunner.run(otherEos, db, Reporter.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("already holds model 'pythia-tiny-sequential-bf16'");
    Path foreign = dir.resolve("foreign.duckdb");
    StudyFixtures.execute(foreign, "CREATE TABLE t (x INT)");
    assertThatThrownBy(
            () ->
                MemorizationRunner.run(
                    settings(rows, new RowSelection.Sample(3, 1), List.of(4)),
                    foreign,
                    Reporter.SILENT))
        .hasMessageContaining("not memtrace's results");
  }

  private int[] rowTokens(int row) throws Exception {
    try (var store = TokenStore.open(rows)) {
      return store.sequence(row);
    }
  }
}
