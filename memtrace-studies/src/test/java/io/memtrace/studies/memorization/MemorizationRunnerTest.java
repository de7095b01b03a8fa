package io.memtrace.studies.memorization;

import static io.memtrace.studies.StudyFixtures.A;
import static io.memtrace.studies.StudyFixtures.B;
import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.tokens.TokenStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
        true);
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
            true);
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
            false);
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
