package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MainTest {
  @TempDir Path dir;

  /** Exit code and what the command printed. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void versionAndHelpSucceed() {
    Run version = run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("memtrace 0.");
    Run help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("demo", "corpus", "tokenizer", "model", "score", "generate", "bench");
    assertThat(run("corpus", "ingest", "--help").out()).contains("--train-tokenizer", "--no-eos");
  }

  @Test
  void usageErrorsExitWithTwo() {
    Run unknown = run("corpus", "stats", "--store", "x", "--no-such-option");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--no-such-option");
    assertThat(run("corpus", "ingest", "--input", "europarl", "--out", "x").code()).isEqualTo(2);
    assertThat(run("frobnicate").code()).isEqualTo(2);
    Run both = run("serve", "--db", "r.duckdb", "--models", "m", "--suite", "s");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("give --models or --suite, not both");
    Run notSuite = run("serve", "--db", "r.duckdb", "--suite", dir.toString());
    assertThat(notSuite.code()).isEqualTo(1);
    assertThat(notSuite.err().strip())
        .isEqualTo("memtrace: " + dir + ": not a finished suite (no suite.json)");
  }

  /** Every numeric option out of range is a usage error whose one line names the option. */
  @ParameterizedTest
  @MethodSource("outOfRangeOptions")
  void numericOptionsOutOfRangeExitWithTwoNamingTheOption(String option, List<String> args) {
    Run run = run(args.toArray(String[]::new));
    assertThat(run.code()).as("exit code of %s", args).isEqualTo(2);
    assertThat(run.err().lines()).as("stderr of %s", args).hasSize(1);
    assertThat(run.err()).startsWith("memtrace: Invalid value for option '" + option + "'");
  }

  static Stream<Arguments> outOfRangeOptions() {
    List<String> memorize = List.of("memorize", "--models", "m", "--rows", "r", "--db", "x.duckdb");
    List<String> predict = List.of("predict", "train", "--db", "x.duckdb", "--out", "o");
    List<String> model = List.of("--model", "m");
    return Stream.of(
        bad("--batch-rows", memorize, "--all", "--batch-rows", "0"),
        bad("--batch-rows", memorize, "--all", "--batch-rows", "-1"),
        bad("--batch", memorize, "--rows-of-steps", "0:1", "--batch", "0"),
        bad("--sample", memorize, "--sample", "0"),
        bad("--threads", memorize, "--all", "--threads", "0"),
        bad("--context", memorize, "--all", "--context", "32,0"),
        bad("--continuation", memorize, "--all", "--continuation", "-3"),
        bad("--row-length", memorize, "--all", "--row-length", "0"),
        bad(
            "--context",
            List.of("index", "locate", "--index", "i", "--tokens", "1"),
            "--context",
            "-1"),
        bad("--row-length", List.of("corpus", "stats", "--store", "s"), "--row-length", "0"),
        bad("--per-level", predict, "--per-level", "0"),
        bad("--epochs", predict, "--epochs", "0"),
        bad("--hidden", predict, "--hidden", "0"),
        bad("--layers", predict, "--layers", "0"),
        bad("--heads", predict, "--heads", "-2"),
        bad("--threads", predict, "--threads", "0"),
        bad(
            "--min-n",
            List.of("trace", "--models", "m", "--index", "i", "--db", "x"),
            "--min-n",
            "0"),
        bad(
            "--max-n",
            List.of("trace", "--models", "m", "--index", "i", "--db", "x"),
            "--max-n",
            "0"),
        bad(
            "--threads",
            List.of("trace", "--models", "m", "--index", "i", "--db", "x"),
            "--threads",
            "0"),
        bad("--max-new", List.of("generate", "--prompt", "a"), "--model", "m", "--max-new", "0"),
        bad("--threads", List.of("generate", "--prompt", "a"), "--model", "m", "--threads", "0"),
        bad("--top-k", List.of("score", "--text", "a"), "--model", "m", "--top-k", "-1"),
        bad("--batch", List.of("score", "--text", "a"), "--model", "m", "--batch", "0"),
        bad("--threads", List.of("index", "build", "--store", "s", "--out", "o"), "--threads", "0"),
        bad("--threads", List.of("analyze", "--db", "x"), "--threads", "0"),
        bad("--threads", List.of("suite", "train", "--store", "s", "--out", "o"), "--threads", "0"),
        bad(
            "--samples",
            List.of("index", "ntd", "--index", "i", "--tokens", "1"),
            "--samples",
            "0"));
  }

  private static Arguments bad(String option, List<String> command, String... more) {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of(more));
    return Arguments.of(option, args);
  }

  @Test
  void failuresExitWithOneAndNoStackTraceUnlessVerbose() throws IOException {
    Path idx = dir.resolve("broken.idx");
    Files.write(idx, "NOTMEGATRON-------------------------".getBytes());
    Files.write(dir.resolve("broken.bin"), new byte[0]);
    Run quiet = run("corpus", "stats", "--store", dir.resolve("broken").toString());
    assertThat(quiet.code()).isEqualTo(1);
    assertThat(quiet.err()).startsWith("memtrace: " + idx).doesNotContain("\tat ");
    Run verbose = run("corpus", "stats", "--verbose", "--store", dir.resolve("broken").toString());
    assertThat(verbose.code()).isEqualTo(1);
    assertThat(verbose.err()).contains("\tat io.memtrace");
  }

  @Test
  void ingestWithATrainedTokenizerThenStats() throws IOException {
    Path corpus = dir.resolve("corpus.txt");
    List<String> paragraphs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      paragraphs.add(
          "Paragraph " + i + " of the test corpus.\nIt has two lines, the second " + i % 7);
    }
    Files.writeString(corpus, String.join("\n\n", paragraphs));
    Path store = dir.resolve("out/store");
    Files.createDirectories(store.getParent());
    Run ingest =
        run(
            "corpus",
            "ingest",
            "--input",
            corpus.toString(),
            "--train-tokenizer",
            "300",
            "--out",
            store.toString());
    assertThat(ingest.code()).as(ingest.err()).isZero();
    assertThat(ingest.out()).contains("200 documents");
    assertThat(dir.resolve("out/store.tokenizer/tokenizer.json")).exists();
    assertThat(dir.resolve("out/store.bin")).exists();

    Run stats =
        run("corpus", "stats", "--store", dir.resolve("out/store.idx").toString(), "--top", "30");
    assertThat(stats.code()).as(stats.err()).isZero();
    assertThat(stats.out()).contains("documents", "200", "'<|endoftext|>'");

    Run json = run("corpus", "stats", "--store", store.toString(), "--json");
    assertThat(json.code()).isZero();
    assertThat(json.out()).contains("\"documents\" : 200");
  }
}
