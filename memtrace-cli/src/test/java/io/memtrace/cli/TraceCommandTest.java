package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * trace on a small corpus indexed with the tiny fixture models' tokenizer: pair counts against a
 * scan of the documents, LM span log-probabilities against scoring each span alone, resumption,
 * refusals.
 */
class TraceCommandTest {
  static final Path A = MemorizeCommandTest.A;
  static final Path B = MemorizeCommandTest.B;
  static final List<String> DOCUMENTS =
      List.of(
          "Paris is the capital of France. The French capital Paris has a river.",
          "Berlin is the capital of Germany, and Berlin is large.",
          "Germany and France are neighbours. Paris and Berlin trade.",
          "Rome is the capital of Italy.",
          "Madrid lies in Spain; the capital of Spain is Madrid.",
          "Nothing about capitals here, only rivers and hills.",
          "France France France. Paris.",
          "Italy and Rome and Spain.");

  @TempDir static Path dir;
  static Path index;
  static Path taskFile;

  @BeforeAll
  static void corpus() throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, String.join("\n\n", DOCUMENTS));
    Path store = dir.resolve("store");
    MainTest.Run ingest =
        MainTest.run(
            "corpus",
            "ingest",
            "--input",
            corpus.toString(),
            "--tokenizer",
            A.resolve("tokenizer.json").toString(),
            "--no-eos",
            "--out",
            store.toString());
    assertThat(ingest.code()).as(ingest.err()).isZero();
    index = dir.resolve("index");
    MainTest.Run build =
        MainTest.run(
            "index",
            "build",
            "--store",
            store.toString(),
            "--out",
            index.toString(),
            "--threads",
            "1");
    assertThat(build.code()).as(build.err()).isZero();
    taskFile = dir.resolve("capitals.jsonl");
    Files.writeString(
        taskFile,
        """
        {"input": "capital of France", "output": "Paris"}
        {"input": "capital of Germany", "output": "Berlin"}
        {"input": "capital of Italy", "output": "Rome"}
        {"input": "capital of Spain", "output": "Madrid"}
        {"input": "the French capital", "output": "Paris, France"}
        """);
  }

  private static MainTest.Run trace(Path db, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "trace",
                "--task",
                taskFile.toString(),
                "--index",
                index.toString(),
                "--models",
                A + "," + B,
                "--db",
                db.toString(),
                "--gamma",
                "-1",
                "--max-n",
                "2",
                "--threads",
                "1"));
    args.addAll(List.of(extra));
    return MainTest.run(args.toArray(String[]::new));
  }

  @Test
  void countsAndProbabilitiesMatchDirectComputation() throws Exception {
    Path db = dir.resolve("t.duckdb");
    MainTest.Run run = trace(db);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("capitals: ").contains("Mem_n");
    Map<String, List<Object>> pairs =
        MemorizeCommandTest.table(
            db,
            "SELECT pair, example, input, output, output_start, documents_input, documents_both"
                + " FROM tracing_pairs ORDER BY pair");
    assertThat(pairs).isNotEmpty();
    Task task = io.memtrace.tracing.tasks.TaskReader.read(taskFile);
    try (Tokenizer tok = Tokenizer.load(A.resolve("tokenizer.json"));
        LanguageModel lm = LanguageModel.load(A, 1)) {
      List<int[]> docs = DOCUMENTS.stream().map(tok::encode).toList();
      Map<String, List<Object>> lmRows =
          MemorizeCommandTest.table(
              db,
              "SELECT pair, lm_logprob FROM tracing_lm WHERE model = 'pythia-tiny' ORDER BY pair");
      for (List<Object> p : pairs.values()) {
        String x = (String) p.get(2);
        String y = (String) p.get(3);
        long withX = docs.stream().filter(d -> contains(d, tok, x)).count();
        long withBoth =
            docs.stream().filter(d -> contains(d, tok, x) && contains(d, tok, y)).count();
        assertThat(p.get(5)).as(x).isEqualTo(withX);
        assertThat(p.get(6)).as(x + " & " + y).isEqualTo(withBoth);
        assertThat(withBoth).isPositive();

        // The span scored alone: prompt plus the output before it, the span's own tokens.
        var ex = task.examples().get((Integer) p.get(1));
        String before = task.prompt(ex) + ex.output().substring(0, (Integer) p.get(4));
        String context = before.stripTrailing();
        int[] c = tok.encode(context);
        int[] s = tok.encode(before.substring(context.length()) + y);
        int[] row = Arrays.copyOf(c, c.length + s.length);
        System.arraycopy(s, 0, row, c.length, s.length);
        RowScores score = lm.score(new int[][] {row}, ScoreOptions.DEFAULT)[0];
        double expected = 0;
        for (int i = 0; i < s.length; i++) expected += score.targetLogprob()[c.length - 1 + i];
        double stored = (Double) lmRows.get(Integer.toString((Integer) p.get(0))).get(1);
        assertThat(stored).isCloseTo(expected, within(1e-4));
      }
    }
    assertThat(MemorizeCommandTest.table(db, "SELECT * FROM tracing_examples")).hasSize(10);
    assertThat(MemorizeCommandTest.table(db, "SELECT * FROM tracing_coverage")).isNotEmpty();
    // Coverage: the sum of the example's pairs' document counts, zero without pairs.
    assertThat(
            MemorizeCommandTest.table(
                db,
                "SELECT e.example FROM tracing_examples e LEFT JOIN (SELECT task, example,"
                    + " sum(documents_both) AS s FROM tracing_pairs GROUP BY ALL) p USING (task,"
                    + " example) WHERE e.coverage <> coalesce(p.s, 0)"))
        .isEmpty();
    assertThat(dir.resolve("figures").resolve("trace_mem_n_capitals.png")).exists();
  }

  @Test
  void resumesAndRefusesBadInput() throws Exception {
    Path db = dir.resolve("r.duckdb");
    assertThat(trace(db).code()).isZero();
    String query = "SELECT * FROM tracing_memorization ORDER BY ALL";
    var before = MemorizeCommandTest.table(db, query);
    try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + db);
        var s = c.createStatement()) {
      for (String t : List.of("tracing_lm", "tracing_examples", "tracing_memorization")) {
        s.execute("DELETE FROM " + t + " WHERE model = 'pythia-tiny-sequential-bf16'");
      }
    }
    assertThat(trace(db).code()).isZero();
    assertThat(MemorizeCommandTest.table(db, query)).isEqualTo(before);

    MainTest.Run other =
        MainTest.run(
            "trace",
            "--task",
            taskFile.toString(),
            "--index",
            index.toString(),
            "--models",
            A.toString(),
            "--db",
            db.toString(),
            "--gamma",
            "-1",
            "--max-n",
            "3");
    assertThat(other.code()).isEqualTo(1);
    assertThat(other.err())
        .contains("holds task 'capitals' mined with examples=5")
        .contains("n=1..2");
    // The same task name with other examples is another task.
    Path edited = dir.resolve("edited").resolve("capitals.jsonl");
    Files.createDirectories(edited.getParent());
    Files.writeString(edited, Files.readString(taskFile).replace("Madrid", "Toledo"));
    MainTest.Run changed =
        MainTest.run(
            "trace",
            "--task",
            edited.toString(),
            "--index",
            index.toString(),
            "--models",
            A.toString(),
            "--db",
            db.toString(),
            "--gamma",
            "-1",
            "--max-n",
            "2");
    assertThat(changed.code()).isEqualTo(1);
    assertThat(changed.err()).contains("holds task 'capitals' mined with");
    MainTest.Run language =
        MainTest.run(
            "trace",
            "--task",
            "countries:xx",
            "--index",
            index.toString(),
            "--models",
            A.toString(),
            "--db",
            db.toString());
    assertThat(language.err()).contains("countries:xx").contains("[cs, de, es, fr, hu, it]");
    Path wmt = dir.resolve("wmt-xx.jsonl");
    Files.writeString(wmt, "{\"translation\": {\"en\": \"the capital\", \"xx\": \"Paris\"}}\n");
    MainTest.Run noStopWords =
        MainTest.run(
            "trace",
            "--task",
            wmt.toString(),
            "--target",
            "xx",
            "--index",
            index.toString(),
            "--models",
            A.toString(),
            "--db",
            dir.resolve("xx.duckdb").toString(),
            "--gamma",
            "-1");
    assertThat(noStopWords.code()).as(noStopWords.err()).isZero();
    assertThat(noStopWords.out()).contains("no stop-word list for language 'xx'");
    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, "{\"input\": \"x\", \"output\": \"y\"}\n{\"input\": \"x\"}\n");
    MainTest.Run missing =
        MainTest.run(
            "trace",
            "--task",
            broken.toString(),
            "--index",
            index.toString(),
            "--models",
            A.toString(),
            "--db",
            db.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains(broken + ":2");
  }

  /** Whether the document holds the word as tokens, with or without a leading space. */
  private static boolean contains(int[] doc, Tokenizer tok, String text) {
    return indexOf(doc, tok.encode(" " + text)) || indexOf(doc, tok.encode(text));
  }

  private static boolean indexOf(int[] doc, int[] ngram) {
    outer:
    for (int i = 0; i + ngram.length <= doc.length; i++) {
      for (int j = 0; j < ngram.length; j++) if (doc[i + j] != ngram[j]) continue outer;
      return true;
    }
    return false;
  }
}
