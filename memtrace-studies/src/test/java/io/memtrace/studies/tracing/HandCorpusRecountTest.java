package io.memtrace.studies.tracing;

import static io.memtrace.studies.StudyFixtures.A;
import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.analysis.CoverageBins;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.EmbeddingFilter;
import io.memtrace.tracing.OutputSpan;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.TaskExample;
import io.memtrace.tracing.WordNgrams;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Study B's counts and probabilities on a corpus of pseudo-words whose documents were written by
 * hand, so C(sx), C(sx, sy) and the task-gram probabilities are known before any code runs; the
 * infini-gram probability of each output is recounted by brute force over the documents' tokens.
 */
class HandCorpusRecountTest {
  // Which document holds which word is the point: "zorp" is in d0, d1, d2 and (capitalized) d5;
  // "mantu" in d0, d2, d3; "fenna" in d1, d4; "blick" in d0, d3 (and "BLICK" in d5, which the
  // three casings do not count); "quorra vell" in d2, d4.
  static final List<String> DOCUMENTS =
      List.of(
          "zorp mantu blick dass",
          "zorp fenna dass dass",
          "mantu zorp quorra vell",
          "blick mantu dass",
          "fenna quorra vell dass",
          "Zorp BLICK dass");

  @TempDir Path dir;

  @Test
  void everyCountAndProbabilityEqualsARecount() throws Exception {
    Path index = StudyFixtures.index(dir, DOCUMENTS);
    Task task =
        Task.of(
            "hand",
            Task.Kind.QA,
            "xx",
            "xx",
            List.of(
                new TaskExample("1", "zorp", "mantu"),
                new TaskExample("2", "zorp blick", "fenna"),
                new TaskExample("3", "quorra vell", "mantu blick")));
    var settings =
        new TracingSettings(
            List.of(task),
            index,
            null,
            List.of(ModelRef.of(A)),
            1,
            2,
            List.of(new Thresholds.Override(null, -1)),
            EmbeddingFilter.Rule.ABSOLUTE,
            0.05,
            EncoderSpec.E5_SMALL_V2,
            false,
            DistributionalMemorization.Unit.OUTPUT,
            CoverageBins.PAPER,
            dir.resolve("figures"),
            1);
    Path db = dir.resolve("hand.duckdb");
    TracingRunner.run(settings, db, Reporter.SILENT);

    // By hand: C(zorp) = 4 (d0 d1 d2 d5), C(blick) = 2 (d0 d3), C(quorra) = C(vell) = C(quorra
    // vell) = 2 (d2 d4), C(zorp blick) = 0. Pairs (example|sx|sy): {C(sx), C(sx, sy)}; those with
    // C(sx, sy) = 0 are candidates that must not become pairs.
    Map<String, long[]> expected =
        Map.of(
            "1|zorp|mantu", new long[] {4, 2}, // d0 d2
            "2|zorp|fenna", new long[] {4, 1}, // d1
            "2|blick|fenna", new long[] {2, 0}, // never together: no pair
            "3|quorra|mantu", new long[] {2, 1}, // d2
            "3|vell|mantu", new long[] {2, 1},
            "3|quorra|blick", new long[] {2, 0},
            "3|vell|blick", new long[] {2, 0},
            "3|quorra vell|mantu blick", new long[] {2, 0});
    Map<String, List<Object>> pairs =
        table(
            db,
            "SELECT p.example + 1 || '|' || input || '|' || o.text, p.n, documents_input,"
                + " documents_both, p.taskgram_logprob FROM tracing_pairs p JOIN tracing_outputs"
                + " o USING (task, output) ORDER BY pair");
    assertThat(pairs).isNotEmpty();
    for (List<Object> row : pairs.values()) {
      String key = (String) row.get(0);
      long[] counts = expected.get(key);
      assertThat(counts).as(key + " is a pair the hand count expects").isNotNull();
      assertThat(row.get(2)).as("C(sx) of " + key).isEqualTo(counts[0]);
      assertThat(row.get(3)).as("C(sx, sy) of " + key).isEqualTo(counts[1]);
      assertThat((Double) row.get(4))
          .isCloseTo(Math.log((double) counts[1] / counts[0]), within(1e-12));
    }
    // every expected co-occurring pair was found, at each n it is a candidate at
    assertThat(pairs.values().stream().map(r -> (String) r.get(0)).distinct())
        .containsExactlyInAnyOrder(
            expected.entrySet().stream()
                .filter(e -> e.getValue()[1] > 0)
                .map(Map.Entry::getKey)
                .toArray(String[]::new));

    // The infini-gram probability of every output, recounted over the documents' tokens.
    Map<String, List<Object>> outputs =
        table(
            db,
            "SELECT example, n, text, output_start, output_end, infgram_logprob,"
                + " infgram_nonzero_logprob, infgram_zero_tokens FROM tracing_outputs ORDER BY"
                + " output");
    try (Tokenizer tok = Tokenizer.load(A.resolve("tokenizer.json"))) {
      List<int[]> docs = DOCUMENTS.stream().map(tok::encode).toList();
      for (List<Object> o : outputs.values()) {
        TaskExample ex = task.examples().get((Integer) o.get(0));
        int n = (Integer) o.get(1);
        OutputSpan span =
            OutputSpan.of(
                task,
                ex,
                new WordNgrams.Ngram((String) o.get(2), n, (Integer) o.get(3), (Integer) o.get(4)));
        int[] context = tok.encode(span.context());
        int[] tokens = tok.encode(span.span());
        int[] text = Arrays.copyOf(context, context.length + tokens.length);
        System.arraycopy(tokens, 0, text, context.length, tokens.length);
        double exact = 0;
        double nonzero = 0;
        int zeros = 0;
        for (int i = context.length; i < text.length; i++) {
          double p = infgram(docs, Arrays.copyOf(text, i), text[i]);
          exact += Math.log(p);
          if (p > 0) nonzero += Math.log(p);
          else zeros++;
        }
        assertThat((Double) o.get(5)).as(o.toString()).isEqualTo(exact);
        assertThat((Double) o.get(6)).isCloseTo(nonzero, within(1e-12));
        assertThat(o.get(7)).isEqualTo(zeros);
      }
    }
  }

  /**
   * Liu et al.'s estimate by brute force: the longest suffix of the context that some document
   * holds followed by another token; the share of those occurrences followed by {@code token}.
   */
  private static double infgram(List<int[]> docs, int[] context, int token) {
    for (int k = context.length; k >= 0; k--) {
      int[] suffix = Arrays.copyOfRange(context, context.length - k, context.length);
      long continuations = 0;
      long hits = 0;
      for (int[] d : docs) {
        for (int p = 0; p + k < d.length; p++) {
          if (Arrays.equals(d, p, p + k, suffix, 0, k)) {
            continuations++;
            if (d[p + k] == token) hits++;
          }
        }
      }
      if (continuations > 0) return (double) hits / continuations;
    }
    return 0;
  }
}
