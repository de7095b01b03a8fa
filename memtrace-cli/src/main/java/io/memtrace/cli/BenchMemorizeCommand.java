package io.memtrace.cli;

import io.memtrace.memorization.Memorizer;
import io.memtrace.memorization.RowMemorization;
import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.ScoreOptions;
import io.memtrace.tokens.TokenStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Cost of study A's scoring per row, side by side in one run: one teacher-forced pass over C + L
 * tokens (the floor), the fast path ({@link Memorizer}: that pass, then greedy decoding from the
 * first mismatch on the cached true prefix), and naive generation (prefill C tokens, decode L).
 */
@Command(
    name = "memorize",
    mixinStandardHelpOptions = true,
    description = {
      "Memorization scoring cost per row: teacher-forced pass vs fast path vs naive greedy"
          + " generation, on the demo suite by default (run ./memtrace demo first)."
    })
final class BenchMemorizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "demo-out/suite/models/mini-590k/step300",
      description = "Default: ${DEFAULT-VALUE}.")
  Path model;

  @Option(
      names = "--rows",
      defaultValue = "demo-out/suite/rows",
      description = "Default: ${DEFAULT-VALUE}.")
  Path rows;

  @Option(names = "--count", defaultValue = "128", description = "Rows (the first ones).")
  int count;

  @Option(names = "--context", defaultValue = "32")
  int context;

  @Option(names = "--continuation", defaultValue = "32")
  int continuation;

  @Option(names = "--repeat", defaultValue = "3")
  int repeat;

  @Option(names = "--threads", paramLabel = "N")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    int c = context;
    int l = continuation;
    try (LanguageModel lm = LanguageModel.load(model, n);
        TokenStore store = TokenStore.open(rows)) {
      lm.packWeights(Runtime.getRuntime().maxMemory() / 8); // as memorize does
      int[][] batch = new int[count][];
      long[] ids = new long[count];
      for (int i = 0; i < count; i++) {
        ids[i] = i;
        batch[i] = Arrays.copyOf(store.sequence(i), c + l);
      }
      List<Integer> eos = lm.config().eosTokenIds();
      Memorizer memorizer = new Memorizer(lm, eos);
      int[][] contexts = new int[count][];
      for (int i = 0; i < count; i++) contexts[i] = Arrays.copyOf(batch[i], c);
      out.printf("%s, %d rows, C=%d, L=%d, %d threads%n", model, count, c, l, n);
      double[] tf = new double[repeat];
      double[] fast = new double[repeat];
      double[] naive = new double[repeat];
      RowMemorization[] scored = null;
      Generation[] generated = null;
      for (int r = -1; r < repeat; r++) { // r = -1 warms up
        long t0 = System.nanoTime();
        lm.score(batch, ScoreOptions.DEFAULT.withSuppressed(eos));
        long t1 = System.nanoTime();
        scored = memorizer.run(ids, batch, c, l);
        long t2 = System.nanoTime();
        generated =
            lm.greedy(lm.newCache(count), contexts, GreedyOptions.uniform(count, l, c + l, eos));
        long t3 = System.nanoTime();
        if (r >= 0) {
          tf[r] = (t1 - t0) / 1e6 / count;
          fast[r] = (t2 - t1) / 1e6 / count;
          naive[r] = (t3 - t2) / 1e6 / count;
          out.printf(
              "run %d: teacher-forced %.2f ms/row, fast path %.2f ms/row, naive %.2f ms/row%n",
              r, tf[r], fast[r], naive[r]);
        }
      }
      int same = 0;
      int exact = 0;
      double firstMismatch = 0;
      long decoded = 0;
      for (int i = 0; i < count; i++) {
        if (Arrays.equals(scored[i].generated(), generated[i].tokens())) same++;
        if (scored[i].exact()) exact++;
        firstMismatch += scored[i].firstMismatch();
        decoded += Math.max(0, l - 1 - scored[i].firstMismatch());
      }
      double mt = median(tf);
      double mf = median(fast);
      double mn = median(naive);
      out.printf(
          "%nmedian: teacher-forced %.2f ms/row, fast path %.2f (%.2fx the teacher-forced"
              + " pass), naive generation %.2f (fast path is %.2fx faster)%n",
          mt, mf, mf / mt, mn, mn / mf);
      out.printf(
          "rows: %d exact, mean first mismatch %.1f of %d; greedy tokens identical to naive"
              + " generation for %d of %d rows%n",
          exact, firstMismatch / count, l, same, count);
      double perRow = (double) decoded / count;
      out.printf(
          "work floor: greedy decoding feeds %.1f tokens per row after the pass's %d, so at equal"
              + " cost per token the fast path costs at least %.2fx the teacher-forced pass%n",
          perRow, c + l, 1 + perRow / (c + l));
    }
    return 0;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
