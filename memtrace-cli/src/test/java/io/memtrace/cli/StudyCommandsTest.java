package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.cli.MainTest.Run;
import io.memtrace.tokens.TokenStoreWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study commands as a user runs them: memorize, analyze, results, predict and trace parse their
 * options, call the runners and print; bad options fail with one line. The studies themselves are
 * tested against their truths in memtrace-studies.
 */
class StudyCommandsTest {
  static final Path A =
      Path.of("../memtrace-core/src/test/resources/io/memtrace/model/pythia-tiny");

  @TempDir static Path dir;
  static Path rows;
  static Path db;

  /** 60 rows of 24 tokens, half of them a short cycle the model continues, scored for C=8 L=12. */
  @BeforeAll
  static void memorize() throws Exception {
    rows = dir.resolve("rows");
    SplittableRandom r = new SplittableRandom(8);
    try (TokenStoreWriter w = TokenStoreWriter.create(rows, 260)) {
      for (int i = 0; i < 60; i++) {
        int[] row = new int[24];
        for (int j = 0; j < row.length; j++) row[j] = i % 2 == 0 ? 40 + j % 3 : r.nextInt(256);
        w.add(row);
      }
      w.commit();
    }
    db = dir.resolve("r.duckdb");
    Run memorize = memorize(db, "--all");
    assertThat(memorize.code()).as(memorize.err()).isZero();
    assertThat(memorize.out())
        .contains("60 rows x 1 models x 1 contexts x 1 continuations -> " + db)
        .contains("fully memorized")
        .containsPattern("pythia-tiny +8 +12 +60 ");
  }

  private static Run memorize(Path db, String... selection) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "memorize",
                "--models",
                A.toString(),
                "--rows",
                rows.toString(),
                "--context",
                "8",
                "--continuation",
                "12",
                "--db",
                db.toString(),
                "--threads",
                "1"));
    args.addAll(List.of(selection));
    return MainTest.run(args.toArray(String[]::new));
  }

  /**
   * memorize --held-out scores as many held-out rows as selected rows as non-members; --top-k adds
   * top-k sampling's extraction probability; analyze --reference refuses a model without held-out
   * scores.
   */
  @Test
  void memorizeScoresHeldOutRowsAndTopKSampling() throws Exception {
    Path heldOut = dir.resolve("heldout-rows");
    SplittableRandom r = new SplittableRandom(9);
    try (TokenStoreWriter w = TokenStoreWriter.create(heldOut, 260)) {
      for (int i = 0; i < 10; i++) {
        int[] row = new int[24];
        for (int j = 0; j < row.length; j++) row[j] = r.nextInt(256);
        w.add(row);
      }
      w.commit();
    }
    Path members = dir.resolve("members.duckdb");
    Run memorize =
        memorize(members, "--sample", "6", "--held-out", heldOut.toString(), "--top-k", "5");
    assertThat(memorize.code()).as(memorize.err()).isZero();
    assertThat(memorize.out()).contains("6 held-out rows scored as membership non-members");
    Path csv = dir.resolve("out/membership.csv");
    Run export =
        MainTest.run(
            "results",
            "export",
            "--db",
            members.toString(),
            "--table",
            "membership",
            "--format",
            "csv",
            "--out",
            csv.toString());
    assertThat(export.code()).as(export.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(1 + 6 + 6);
    assertThat(lines.stream().filter(l -> l.contains("heldout"))).hasSize(6);
    Path extraction = dir.resolve("out/memorization.csv");
    assertThat(
            MainTest.run(
                    "results",
                    "export",
                    "--db",
                    members.toString(),
                    "--table",
                    "memorization",
                    "--format",
                    "csv",
                    "--out",
                    extraction.toString())
                .code())
        .isZero();
    assertThat(Files.readAllLines(extraction).getFirst())
        .contains("extraction_logprob", "extraction_top_k", "extraction_top_k_logprob");
    Run analyze =
        MainTest.run(
            "analyze",
            "--db",
            members.toString(),
            "--out",
            dir.resolve("members-fig").toString(),
            "--reference",
            "no-such-model");
    assertThat(analyze.code()).isEqualTo(1);
    assertThat(analyze.err()).contains("no-such-model");
  }

  /** memorize --index stores one longest corpus span per scored continuation. */
  @Test
  void memorizeTracesContinuationsToAnIndex() throws Exception {
    Path index = dir.resolve("rows.index");
    Run build =
        MainTest.run("index", "build", "--store", rows.toString(), "--out", index.toString());
    assertThat(build.code()).as(build.err()).isZero();
    Path spans = dir.resolve("spans.duckdb");
    Run memorize = memorize(spans, "--sample", "6", "--index", index.toString());
    assertThat(memorize.code()).as(memorize.err()).isZero();
    Path csv = dir.resolve("out/spans.csv");
    Run export =
        MainTest.run(
            "results",
            "export",
            "--db",
            spans.toString(),
            "--table",
            "memorization_spans",
            "--format",
            "csv",
            "--out",
            csv.toString());
    assertThat(export.code()).as(export.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(7);
    assertThat(lines.getFirst()).contains("corpus_index", "longest", "occurrences");
    assertThat(lines.get(1)).contains(index.toAbsolutePath().normalize().toString());
  }

  @Test
  void resultsImportOfADirectoryThatIsNoSparkOutputIsOneLine() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("not-scores"));
    Run r =
        MainTest.run(
            "results",
            "import",
            "--parquet",
            empty.toString(),
            "--db",
            dir.resolve("i.duckdb").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList())
        .singleElement()
        .asString()
        .contains(empty.toString(), "_memorization.json", "spark memorize");
  }

  @Test
  void analyzeListsItsTablesAndResultsExportsThem() throws Exception {
    Path fig = dir.resolve("fig");
    Run analyze = MainTest.run("analyze", "--db", db.toString(), "--out", fig.toString());
    assertThat(analyze.code()).as(analyze.err()).isZero();
    assertThat(analyze.out()).contains("analysis_score_bins").contains("figures -> " + fig);
    assertThat(fig.resolve("score_bins.png")).exists();
    Run tables = MainTest.run("results", "tables", "--db", db.toString());
    assertThat(tables.out())
        .contains("memorization", "models", "analysis_score_bins")
        .contains("storage version v1.4.0 (DuckDB 1.4 and later open this file)");
    Path csv = dir.resolve("out/memorization.csv");
    Run export =
        MainTest.run(
            "results",
            "export",
            "--db",
            db.toString(),
            "--table",
            "memorization",
            "--format",
            "csv",
            "--out",
            csv.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).contains("memorization: 60 rows -> " + csv);
    assertThat(Files.readAllLines(csv)).hasSize(61);
    Run missing =
        MainTest.run(
            "results",
            "export",
            "--db",
            db.toString(),
            "--table",
            "nope",
            "--format",
            "parquet",
            "--out",
            csv.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).startsWith("memtrace: " + db + ": has no table 'nope'");
  }

  @Test
  void predictTrainsAndEvaluates() {
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
            "1",
            "--figures",
            dir.resolve("fig").toString());
    List<String> train =
        new ArrayList<>(
            List.of(
                "predict",
                "train",
                "--out",
                out.toString(),
                "--epochs",
                "2",
                "--hidden",
                "16",
                "--layers",
                "1",
                "--heads",
                "2"));
    train.addAll(selection);
    Run trained = MainTest.run(train.toArray(String[]::new));
    assertThat(trained.code()).as(trained.err()).isZero();
    assertThat(trained.out())
        .contains("pythia-tiny, C=8 L=12: ")
        .contains("transformer: width 16, 1 layers, 2 heads")
        .contains("released-study-a", "majority")
        .contains("predictor -> " + out.resolve("predictor.safetensors"));
    List<String> eval = new ArrayList<>(List.of("predict", "eval", "--predictor", out.toString()));
    eval.addAll(selection);
    Run evaluated = MainTest.run(eval.toArray(String[]::new));
    assertThat(evaluated.code()).as(evaluated.err()).isZero();
    assertThat(evaluated.out()).contains("pythia-tiny test rows, predictor trained on pythia-tiny");
    List<String> odd =
        new ArrayList<>(
            List.of("predict", "train", "--out", out.toString(), "--hidden", "16", "--heads", "3"));
    odd.addAll(selection);
    Run refused = MainTest.run(odd.toArray(String[]::new));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("3 heads do not split a predictor of width 16");
  }

  @Test
  void badOptionsFailWithOneLine() {
    Run noBatch = memorize(dir.resolve("x.duckdb"), "--rows-of-steps", "0:2");
    assertThat(noBatch.code()).isEqualTo(1);
    assertThat(noBatch.err()).isEqualTo("memtrace: --rows-of-steps needs --batch\n");
    Run notRange = memorize(dir.resolve("x.duckdb"), "--rows-of-steps", "two", "--batch", "4");
    assertThat(notRange.err()).contains("--rows-of-steps two: expected A:B");
    Run twoSelections = memorize(dir.resolve("x.duckdb"), "--all", "--sample", "3");
    assertThat(twoSelections.code()).isEqualTo(2);
    Run gamma = trace("--gamma", "5=0.1", "--max-n", "2");
    assertThat(gamma.err()).contains("--gamma 5=0.1: n=5 is outside 2..2");
    Run gammaText = trace("--gamma", "high");
    assertThat(gammaText.err()).contains("--gamma high: expected COSINE or N=COSINE");
    assertThat(trace("--gamma-rule", "loose").err())
        .isEqualTo("memtrace: --gamma-rule loose: expected calibrated or absolute\n");
    assertThat(trace("--null-quantile", "1").err())
        .isEqualTo("memtrace: --null-quantile 1.0: expected a number in (0, 1)\n");
    assertThat(trace("--mem-unit", "word").err())
        .isEqualTo("memtrace: --mem-unit word: expected output or pair\n");
    assertThat(trace("--coverage-max", "3", "--coverage-bins", "5").err())
        .isEqualTo("memtrace: --coverage-max 3 is below --coverage-bins 5\n");
    Run encoder = trace("--encoder-model", "m.onnx");
    assertThat(encoder.err()).contains("--encoder-model and --encoder-tokenizer go together");
  }

  private static Run trace(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "trace",
                "--task",
                "countries:de",
                "--index",
                dir.resolve("no-index").toString(),
                "--models",
                A.toString(),
                "--db",
                dir.resolve("t.duckdb").toString()));
    args.addAll(List.of(extra));
    return MainTest.run(args.toArray(String[]::new));
  }
}
