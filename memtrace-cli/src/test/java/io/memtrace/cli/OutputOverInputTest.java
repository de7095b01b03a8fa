package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.cli.MainTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No command writes over one of its inputs: each refuses with one line naming both paths and leaves
 * the input as it was; and each creates the missing directories above its outputs.
 */
class OutputOverInputTest {
  static final String PYTHIA = ModelCommandsTest.PYTHIA.toString();
  static final String CONTENT = "{\"input\": \"a\", \"output\": \"b\", \"text\": \"c\"}\n";

  @TempDir Path dir;

  /** A command line given the input file, and the output path its message names. */
  record Case(String name, Function<Path, List<String>> args, String input, String output) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> commands() {
    return Stream.of(
            new Case(
                "results export",
                in ->
                    List.of(
                        "results",
                        "export",
                        "--db",
                        s(in),
                        "--table",
                        "models",
                        "--format",
                        "csv",
                        "--out",
                        s(in)),
                "r.duckdb",
                "r.duckdb"),
            new Case(
                "score",
                in -> List.of("score", "--model", PYTHIA, "--input", s(in), "--out", s(in)),
                "in.jsonl",
                "in.jsonl"),
            new Case(
                "index batch",
                in ->
                    List.of(
                        "index",
                        "batch",
                        "--index",
                        s(in.resolveSibling("index")),
                        "--queries",
                        s(in),
                        "--out",
                        s(in)),
                "q.jsonl",
                "q.jsonl"),
            new Case(
                "corpus ingest",
                in ->
                    List.of(
                        "corpus",
                        "ingest",
                        "--input",
                        s(in),
                        "--train-tokenizer",
                        "300",
                        "--out",
                        s(in.resolveSibling("c"))),
                "c.meta.json",
                "c.meta.json"),
            new Case(
                "tokenizer train",
                in ->
                    List.of(
                        "tokenizer", "train", "--input", s(in), "--vocab", "300", "--out", s(in)),
                "t.txt",
                "t.txt"),
            new Case(
                "index build",
                in -> List.of("index", "build", "--store", s(in), "--out", s(in)),
                "s.bin",
                "s.bin"),
            new Case(
                "suite train",
                in ->
                    List.of(
                        "suite",
                        "train",
                        "--tokenizer",
                        s(in),
                        "--corpus",
                        s(in.resolveSibling("s")),
                        "--out",
                        s(in)),
                "tokenizer.json",
                "tokenizer.json"),
            new Case(
                "memorize",
                in ->
                    List.of(
                        "memorize", "--models", PYTHIA, "--rows", s(in), "--all", "--db", s(in)),
                "rows.bin",
                "rows.bin"),
            new Case(
                "trace",
                in ->
                    List.of(
                        "trace",
                        "--task",
                        s(in),
                        "--index",
                        s(in.resolveSibling("index")),
                        "--models",
                        PYTHIA,
                        "--db",
                        s(in)),
                "task.jsonl",
                "task.jsonl"),
            new Case(
                "analyze",
                in -> List.of("analyze", "--db", s(in), "--out", s(in)),
                "r.duckdb",
                "r.duckdb"),
            new Case(
                "predict train",
                in -> List.of("predict", "train", "--db", s(in), "--model", "m", "--out", s(in)),
                "r.duckdb",
                "r.duckdb"))
        .map(Arguments::of);
  }

  private static String s(Path p) {
    return p.toString();
  }

  @ParameterizedTest
  @MethodSource("commands")
  void refusesToWriteOverItsInput(Case c) throws IOException {
    Path in = Files.writeString(dir.resolve(c.input()), CONTENT);
    Run run = MainTest.run(c.args().apply(in).toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "memtrace: "
                + dir.resolve(c.output())
                + ": output would overwrite the input "
                + in
                + "; choose another output");
    assertThat(in).hasContent(CONTENT);
  }

  @Test
  void anOutputLinkedToTheInputIsTheInput() throws IOException {
    Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"tokens\": [1, 2]}\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), in);
    Run run =
        MainTest.run(
            "score", "--model", PYTHIA, "--input", in.toString(), "--out", link.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains(link + ": output would overwrite the input " + in + "; choose another output");
    assertThat(in).hasContent("{\"tokens\": [1, 2]}\n");
    assertThat(link).isSymbolicLink();
  }

  @Test
  void scoreAndIngestCreateMissingOutputDirectories() throws IOException {
    Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"tokens\": [1, 2]}\n");
    Path scores = dir.resolve("new/deeper/scores.jsonl");
    Run score =
        MainTest.run(
            "score",
            "--model",
            PYTHIA,
            "--input",
            in.toString(),
            "--out",
            scores.toString(),
            "--threads",
            "1");
    assertThat(score.code()).as(score.err()).isZero();
    assertThat(Files.readAllLines(scores)).hasSize(1);

    List<String> paragraphs = new ArrayList<>();
    for (int i = 0; i < 40; i++) paragraphs.add("The council votes on report " + i % 7 + ".");
    Path corpus = Files.writeString(dir.resolve("corpus.txt"), String.join("\n\n", paragraphs));
    Path store = dir.resolve("other/stores/c");
    Run ingest =
        MainTest.run(
            "corpus",
            "ingest",
            "--input",
            corpus.toString(),
            "--train-tokenizer",
            "300",
            "--out",
            store.toString());
    assertThat(ingest.code()).as(ingest.err()).isZero();
    assertThat(store.resolveSibling("c.bin")).isNotEmptyFile();
    assertThat(store.resolveSibling("c.idx")).isNotEmptyFile();
  }
}
