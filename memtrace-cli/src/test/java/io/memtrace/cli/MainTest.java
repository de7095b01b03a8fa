package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
