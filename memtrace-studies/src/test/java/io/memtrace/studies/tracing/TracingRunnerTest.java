package io.memtrace.studies.tracing;

import static io.memtrace.studies.StudyFixtures.A;
import static io.memtrace.studies.StudyFixtures.B;
import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.BadInputException;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.analysis.CoverageBins;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.EmbeddingFilter;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.tasks.TaskReader;
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
 * Study B's runner on a small corpus indexed with the tiny fixture models' tokenizer: pair counts
 * against a scan of the documents, LM span log-probabilities against scoring each span alone,
 * resumption, refusals.
 */
class TracingRunnerTest {
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
    index = StudyFixtures.index(dir, DOCUMENTS);
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

  /** Every threshold -1 (all pairs kept), n = 1..maxN. */
  private static TracingSettings settings(List<Task> tasks, List<Path> models, int maxN) {
    return new TracingSettings(
        tasks,
        index,
        null,
        models.stream().map(ModelRef::of).toList(),
        1,
        maxN,
        List.of(new Thresholds.Override(null, -1)),
        EmbeddingFilter.Rule.ABSOLUTE,
        0.05,
        EncoderSpec.E5_SMALL_V2,
        false,
        DistributionalMemorization.Unit.OUTPUT,
        new CoverageBins(4, 8, false),
        dir.resolve("figures"),
        1);
  }

  private static List<Task> capitals() throws Exception {
    return TaskSpecs.load(List.of(taskFile.toString()), null, null, null, null);
  }

  @Test
  void countsAndProbabilitiesMatchDirectComputation() throws Exception {
    Path db = dir.resolve("t.duckdb");
    List<String> notes = new ArrayList<>();
    String summary = TracingRunner.run(settings(capitals(), List.of(A, B), 2), db, noting(notes));
    assertThat(notes).anyMatch(n -> n.startsWith("capitals: ") && n.endsWith("task-gram pairs"));
    assertThat(summary).contains("Mem_n");
    Map<String, List<Object>> pairs =
        table(
            db,
            "SELECT pair, p.example, input, o.text, o.output_start, documents_input,"
                + " documents_both, output, p.taskgram_logprob FROM tracing_pairs p JOIN"
                + " tracing_outputs o USING (task, output) ORDER BY pair");
    assertThat(pairs).isNotEmpty();
    Task task = TaskReader.read(taskFile);
    try (Tokenizer tok = Tokenizer.load(A.resolve("tokenizer.json"));
        LanguageModel lm = LanguageModel.load(A, 1)) {
      List<int[]> docs = DOCUMENTS.stream().map(tok::encode).toList();
      Map<String, List<Object>> lmRows =
          table(
              db,
              "SELECT output, lm_logprob FROM tracing_lm WHERE model = 'pythia-tiny' ORDER BY"
                  + " output");
      Map<Integer, List<Double>> pairLogs = new java.util.TreeMap<>();
      for (List<Object> p : pairs.values()) {
        String x = (String) p.get(2);
        String y = (String) p.get(3);
        long withX = docs.stream().filter(d -> contains(d, tok, x)).count();
        long withBoth =
            docs.stream().filter(d -> contains(d, tok, x) && contains(d, tok, y)).count();
        assertThat(p.get(5)).as(x).isEqualTo(withX);
        assertThat(p.get(6)).as(x + " & " + y).isEqualTo(withBoth);
        assertThat(withBoth).isPositive();
        assertThat((Double) p.get(8)).isCloseTo(Math.log((double) withBoth / withX), within(1e-12));
        pairLogs.computeIfAbsent((Integer) p.get(7), k -> new ArrayList<>()).add((Double) p.get(8));

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
        double stored = (Double) lmRows.get(Integer.toString((Integer) p.get(7))).get(1);
        assertThat(stored).isCloseTo(expected, within(1e-4));
      }
      // An output's task-gram value is the geometric mean of its pairs' probabilities.
      Map<String, List<Object>> outputs =
          table(db, "SELECT output, taskgram_logprob, pairs FROM tracing_outputs ORDER BY output");
      assertThat(outputs).hasSameSizeAs(pairLogs);
      pairLogs.forEach(
          (o, logs) -> {
            List<Object> row = outputs.get(Integer.toString(o));
            assertThat(row.get(2)).isEqualTo(logs.size());
            assertThat((Double) row.get(1))
                .isCloseTo(
                    logs.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    within(1e-12));
          });
    }
    assertThat(table(db, "SELECT * FROM tracing_examples")).hasSize(10);
    // Coverage at n: the documents of the example's pairs of that n; bins of width 2 over (0, 8).
    Map<String, List<Object>> coverage =
        table(
            db,
            "SELECT model || '/' || n || '/' || bin, examples, bin_low, bin_high FROM"
                + " tracing_coverage");
    Map<String, List<Object>> perExample =
        table(
            db, "SELECT example || '/' || n, sum(documents_both) FROM tracing_pairs GROUP BY ALL");
    for (String model : List.of("pythia-tiny", "pythia-tiny-sequential-bf16")) {
      for (int n = 1; n <= 2; n++) {
        long[] expected = new long[4];
        for (int e = 0; e < 5; e++) {
          List<Object> row = perExample.get(e + "/" + n);
          long c = row == null ? 0 : ((Number) row.get(1)).longValue();
          if (c > 0 && c < 8) expected[(int) (c / 2)]++;
        }
        for (int b = 0; b < 4; b++) {
          List<Object> row = coverage.get(model + "/" + n + "/" + b);
          assertThat(row == null ? 0L : ((Number) row.get(1)).longValue())
              .as(model + " n=" + n + " bin " + b)
              .isEqualTo(expected[b]);
          if (row != null) assertThat(row.subList(2, 4)).containsExactly(2L * b, 2L * b + 2);
        }
      }
    }
    assertThat(coverage).isNotEmpty();
    // Both models are in the one registry, with the parameters their tensors hold.
    assertThat(table(db, "SELECT model FROM models ORDER BY model").values())
        .extracting(r -> r.get(0))
        .containsExactly("pythia-tiny", "pythia-tiny-sequential-bf16");
    for (String f : List.of("trace_mem_n_", "trace_mem_inf_", "trace_generalization_")) {
      assertThat(dir.resolve("figures").resolve(f + "capitals.png")).exists();
    }
    assertThat(dir.resolve("figures").resolve("trace_coverage_capitals_n1.png")).exists();
  }

  @Test
  void multipleChoiceIsTracedWithoutItsChoicesAndSplitBySubjectGroup() throws Exception {
    Path file = dir.resolve("mmlu.jsonl");
    Files.writeString(
        file,
        """
        {"input": "France", "choices": ["Rome", "Paris"], "output": "Paris", "subject": "high_school_geography"}
        {"input": "Germany", "choices": ["Berlin", "Rome"], "output": "Berlin", "subject": "global_facts"}
        {"input": "Italy", "choices": ["Rome", "Paris"], "output": "Rome", "subject": "high_school_geography"}
        {"input": "Spain", "choices": ["Madrid", "Rome"], "output": "Madrid", "subject": "college_mathematics"}
        {"input": "Paris", "choices": ["France", "Italy"], "output": "France", "subject": "formal_logic"}
        {"input": "Rome", "choices": ["Italy", "Spain"], "output": "Italy", "subject": "abstract_algebra"}
        """);
    List<Task> tasks = TaskSpecs.load(List.of(file.toString()), null, null, null, null);
    Path db = dir.resolve("mmlu.duckdb");
    TracingRunner.run(settings(tasks, List.of(A), 2), db, Reporter.SILENT);
    Task task = tasks.getFirst();
    assertThat(task.prompt(task.examples().getFirst())).contains("A. Rome\nB. Paris\n");
    // P_LLM of every output is taken after the prompt without its choices.
    Map<String, List<Object>> outputs =
        table(
            db,
            "SELECT o.example, o.text, o.output_start, l.lm_logprob FROM tracing_outputs o JOIN"
                + " tracing_lm l USING (task, output) ORDER BY output");
    assertThat(outputs).isNotEmpty();
    try (Tokenizer tok = Tokenizer.load(A.resolve("tokenizer.json"));
        LanguageModel lm = LanguageModel.load(A, 1)) {
      for (List<Object> o : outputs.values()) {
        var ex = task.examples().get((Integer) o.get(0));
        String before =
            "Question: " + ex.input() + "\nAnswer: " + ex.output().substring(0, (Integer) o.get(2));
        String context = before.stripTrailing();
        int[] c = tok.encode(context);
        int[] sp = tok.encode(before.substring(context.length()) + o.get(1));
        int[] row = Arrays.copyOf(c, c.length + sp.length);
        System.arraycopy(sp, 0, row, c.length, sp.length);
        RowScores score = lm.score(new int[][] {row}, ScoreOptions.DEFAULT)[0];
        double expected = 0;
        for (int i = 0; i < sp.length; i++) expected += score.targetLogprob()[c.length - 1 + i];
        assertThat((Double) o.get(3)).isCloseTo(expected, within(1e-4));
      }
    }
    // Groups as the released code splits the subjects (formal_logic: reasoning by memtrace's
    // choice), and their accuracy is the mean over their examples.
    assertThat(
            table(db, "SELECT example, subject_group FROM tracing_examples ORDER BY example")
                .values())
        .extracting(r -> r.get(1))
        .containsExactly(
            "knowledge", "knowledge", "knowledge", "reasoning", "reasoning", "reasoning");
    Map<String, List<Object>> groups =
        table(
            db,
            "SELECT DISTINCT subjects, examples, performance FROM tracing_subject_groups ORDER BY"
                + " subjects");
    Map<String, List<Object>> expected =
        table(
            db,
            "SELECT subject_group, count(*), avg(performance) FROM tracing_examples GROUP BY ALL"
                + " ORDER BY 1");
    assertThat(groups).isEqualTo(expected);
    assertThat(
            table(db, "SELECT DISTINCT subjects FROM tracing_memorization ORDER BY subjects")
                .values())
        .extracting(r -> r.get(0))
        .containsExactly("all", "knowledge", "reasoning");
  }

  @Test
  void resumesAndRefusesBadInput() throws Exception {
    Path db = dir.resolve("r.duckdb");
    TracingRunner.run(settings(capitals(), List.of(A, B), 2), db, Reporter.SILENT);
    String query = "SELECT * FROM tracing_memorization ORDER BY ALL";
    var before = table(db, query);
    List<String> deletes = new ArrayList<>();
    for (String t : List.of("tracing_lm", "tracing_examples", "tracing_memorization")) {
      deletes.add("DELETE FROM " + t + " WHERE model = 'pythia-tiny-sequential-bf16'");
    }
    StudyFixtures.execute(db, deletes.toArray(String[]::new));
    TracingRunner.run(settings(capitals(), List.of(A, B), 2), db, Reporter.SILENT);
    assertThat(table(db, query)).isEqualTo(before);

    assertThatThrownBy(
            () -> TracingRunner.run(settings(capitals(), List.of(A), 3), db, Reporter.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("holds task 'capitals' mined with examples=5")
        .hasMessageContaining("n=1..2");
    // The same task name with other examples is another task.
    Path edited = dir.resolve("edited").resolve("capitals.jsonl");
    Files.createDirectories(edited.getParent());
    Files.writeString(edited, Files.readString(taskFile).replace("Madrid", "Toledo"));
    List<Task> changed = TaskSpecs.load(List.of(edited.toString()), null, null, null, null);
    assertThatThrownBy(
            () -> TracingRunner.run(settings(changed, List.of(A), 2), db, Reporter.SILENT))
        .hasMessageContaining("holds task 'capitals' mined with");

    assertThatThrownBy(() -> TaskSpecs.load(List.of("countries:xx"), null, null, null, null))
        .hasMessageContaining("countries:xx")
        .hasMessageContaining("[cs, de, es, fr, hu, it]");
    Path wmt = dir.resolve("wmt-xx.jsonl");
    Files.writeString(wmt, "{\"translation\": {\"en\": \"the capital\", \"xx\": \"Paris\"}}\n");
    List<String> notes = new ArrayList<>();
    TracingRunner.run(
        settings(TaskSpecs.load(List.of(wmt.toString()), null, null, "xx", null), List.of(A), 3),
        dir.resolve("xx.duckdb"),
        noting(notes));
    assertThat(notes).anyMatch(n -> n.contains("no stop-word list for language 'xx'"));
    // An example longer than the model's positions is named, not a row of a batch.
    Path longer = dir.resolve("long.jsonl");
    Files.writeString(
        longer,
        "{\"input\": \"France\", \"output\": \"Paris\"}\n{\"id\": \"q7\", \"input\": \""
            + "Paris and Berlin trade. ".repeat(12)
            + "\", \"output\": \"Paris\"}\n");
    assertThatThrownBy(
            () ->
                TracingRunner.run(
                    settings(
                        TaskSpecs.load(List.of(longer.toString()), null, null, null, null),
                        List.of(A),
                        1),
                    dir.resolve("long.duckdb"),
                    Reporter.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("task 'long', example q7: its prompt and output take ")
        .hasMessageContaining("past the 64 positions");
    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, "{\"input\": \"x\", \"output\": \"y\"}\n{\"input\": \"x\"}\n");
    assertThatThrownBy(() -> TaskSpecs.load(List.of(broken.toString()), null, null, null, null))
        .hasMessageContaining(broken + ":2");
  }

  @Test
  void thresholdsAreThePapersUnlessOverridden() {
    assertThat(Thresholds.of(Task.Kind.TRANSLATION, 1, 5, List.of()))
        .containsExactly(
            Map.entry(1, .85),
            Map.entry(2, .85),
            Map.entry(3, .8),
            Map.entry(4, .75),
            Map.entry(5, .7));
    assertThat(
            Thresholds.of(
                Task.Kind.QA,
                2,
                4,
                List.of(
                    new Thresholds.Override(3, .5),
                    new Thresholds.Override(null, .6),
                    new Thresholds.Override(4, .9))))
        .containsExactly(Map.entry(2, .6), Map.entry(3, .6), Map.entry(4, .9));
  }

  private static Reporter noting(List<String> notes) {
    return new Reporter() {
      @Override
      public void note(String line) {
        notes.add(line);
      }

      @Override
      public Meter progress(String task, long total, String unit, long unitSize) {
        return Reporter.SILENT.progress(task, total, unit, unitSize);
      }
    };
  }

  /**
   * Whether the document holds the words as tokens, with or without a leading space, as written,
   * lower-cased or capitalized.
   */
  private static boolean contains(int[] doc, Tokenizer tok, String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    String capital = Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    for (String s : List.of(text, lower, capital)) {
      if (indexOf(doc, tok.encode(" " + s)) || indexOf(doc, tok.encode(s))) return true;
    }
    return false;
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
