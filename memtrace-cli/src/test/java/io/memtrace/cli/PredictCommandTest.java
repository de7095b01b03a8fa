package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.tokens.TokenStoreWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict train and eval on the tiny fixture model's scored rows: results stored per predictor and
 * level, the saved predictor reloaded gives the trained one's test results, refusals.
 */
class PredictCommandTest {
  @TempDir Path dir;

  @Test
  void trainsStoresAndReloads() throws Exception {
    Path rows = dir.resolve("rows");
    SplittableRandom r = new SplittableRandom(8);
    try (TokenStoreWriter w = TokenStoreWriter.create(rows, 260)) {
      for (int i = 0; i < 60; i++) {
        int[] row = new int[24];
        // Half the rows repeat a short cycle, which the model continues more often.
        for (int j = 0; j < row.length; j++) row[j] = i % 2 == 0 ? 40 + j % 3 : r.nextInt(256);
        w.add(row);
      }
      w.commit();
    }
    Path db = dir.resolve("r.duckdb");
    MainTest.Run memorize =
        MainTest.run(
            "memorize",
            "--models",
            MemorizeCommandTest.A.toString(),
            "--rows",
            rows.toString(),
            "--all",
            "--context",
            "8",
            "--continuation",
            "12",
            "--db",
            db.toString(),
            "--threads",
            "1");
    assertThat(memorize.code()).as(memorize.err()).isZero();
    Path out = dir.resolve("predictor");
    List<String> selection =
        List.of(
            "--db",
            db.toString(),
            "--model",
            "pythia-tiny",
            "--context",
            "8",
            "--continuation",
            "12",
            "--threads",
            "1");
    MainTest.Run train =
        MainTest.run(
            concat(
                List.of("predict", "train", "--out", out.toString(), "--epochs", "6"), selection));
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.out()).contains("transformer", "majority", "logistic-context-only");
    assertThat(out.resolve("predictor.safetensors")).exists();

    String all =
        "SELECT predictor, tokens, token_accuracy, sequences, sequence_accuracy, f1 FROM"
            + " prediction_results WHERE level = -1 AND predictor = 'transformer'";
    Map<String, List<Object>> trained = MemorizeCommandTest.table(db, all);
    assertThat(trained).hasSize(1);
    // Levels partition the test rows.
    Map<String, List<Object>> sums =
        MemorizeCommandTest.table(
            db,
            "SELECT predictor, sum(tokens) FILTER (level >= 0) = sum(tokens) FILTER (level = -1),"
                + " sum(sequences) FILTER (level >= 0) = sum(sequences) FILTER (level = -1) FROM"
                + " prediction_results GROUP BY predictor");
    for (List<Object> row : sums.values()) assertThat(row.subList(1, 3)).containsOnly(true);

    MainTest.Run eval =
        MainTest.run(concat(List.of("predict", "eval", "--predictor", out.toString()), selection));
    assertThat(eval.code()).as(eval.err()).isZero();
    // Reloaded from its file, the predictor gives the same test results (eval replaced them),
    // and the baselines' rows stay.
    assertThat(MemorizeCommandTest.table(db, all)).isEqualTo(trained);
    assertThat(
            MemorizeCommandTest.table(
                db, "SELECT DISTINCT predictor FROM prediction_results ORDER BY predictor"))
        .hasSize(5);

    MainTest.Run otherLength =
        MainTest.run(
            "predict",
            "eval",
            "--predictor",
            out.toString(),
            "--db",
            db.toString(),
            "--model",
            "pythia-tiny",
            "--context",
            "8",
            "--continuation",
            "10");
    assertThat(otherLength.code()).isEqualTo(1);
    assertThat(otherLength.err()).contains("was trained with continuation 12, not 10");

    MainTest.Run unknown =
        MainTest.run(
            "predict",
            "train",
            "--db",
            db.toString(),
            "--model",
            "nobody",
            "--out",
            out.toString());
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("has no model 'nobody'");
  }

  private static String[] concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
  }
}
