package io.memtrace.cli.bench;

import io.memtrace.cli.options.Counts;
import io.memtrace.memorization.Memorizer;
import io.memtrace.memorization.RowMemorization;
import io.memtrace.model.Generation;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.ScoreOptions;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Cost of study A's scoring per row, side by side in one run, for one context size and a grid of
 * continuation sizes: teacher-forced passes over C + L tokens (the floor of each (C, L) cell), the
 * fast path ({@link Memorizer}: one pass over C + max L, then greedy decoding from the first
 * mismatch on the cached true prefix, serving every L at once), and naive generation (prefill C
 * tokens, decode L, per cell).
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

  @Mixin BenchOptions.Threads threads = new BenchOptions.Threads();

  @Mixin BenchOptions.Repeat runs = new BenchOptions.Repeat(3);

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

  @Option(
      names = "--count",
      converter = Counts.Positive.class,
      defaultValue = "128",
      description = "Rows (the first ones).")
  int count;

  @Option(names = "--context", converter = Counts.Positive.class, defaultValue = "32")
  int context;

  @Option(
      names = "--continuation",
      split = ",",
      defaultValue = "16,32,48,64",
      description =
          "Continuation sizes, scored together by the fast path. Default: ${DEFAULT-VALUE}.")
  int[] continuations;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int n = threads.count();
    int c = context;
    int[] ls = continuations;
    int lMax = Arrays.stream(ls).max().orElseThrow();
    try (LanguageModel lm = LanguageModel.load(model, n);
        Tokenizer tokenizer = Tokenizer.load(model);
        TokenStore store = TokenStore.open(rows)) {
      lm.packWeights(Runtime.getRuntime().maxMemory() / 8); // as memorize does
      long[] ids = new long[count];
      int[][] full = new int[count][];
      for (int i = 0; i < count; i++) {
        ids[i] = i;
        full[i] = Arrays.copyOf(store.sequence(i), c + lMax);
      }
      List<Integer> eos = lm.config().eosTokenIds();
      Memorizer memorizer = new Memorizer(lm, eos, 0, tokenizer::decode); // as memorize does
      int[][] contexts = new int[count][];
      for (int i = 0; i < count; i++) contexts[i] = Arrays.copyOf(full[i], c);
      out.printf("%s, %d rows, C=%d, L=%s, %d threads%n", model, count, c, Arrays.toString(ls), n);
      double[] tf = new double[runs.count()]; // all cells' passes together
      double[] fast = new double[runs.count()];
      double[] naive = new double[runs.count()];
      RowMemorization[][] scored = null;
      Generation[][] generated = new Generation[ls.length][];
      for (int r = -1; r < runs.count(); r++) { // r = -1 warms up
        long t0 = System.nanoTime();
        for (int l : ls) {
          int[][] batch = new int[count][];
          for (int i = 0; i < count; i++) batch[i] = Arrays.copyOf(full[i], c + l);
          lm.score(batch, ScoreOptions.DEFAULT.withSuppressed(eos));
        }
        long t1 = System.nanoTime();
        scored = memorizer.run(ids, full, c, ls);
        long t2 = System.nanoTime();
        for (int s = 0; s < ls.length; s++) {
          generated[s] =
              lm.greedy(
                  lm.newCache(count),
                  contexts,
                  GreedyOptions.uniform(count, ls[s], c + ls[s], eos));
        }
        long t3 = System.nanoTime();
        if (r >= 0) {
          tf[r] = (t1 - t0) / 1e6 / count;
          fast[r] = (t2 - t1) / 1e6 / count;
          naive[r] = (t3 - t2) / 1e6 / count;
          out.printf(
              "run %d, per row, all %d cells: teacher-forced passes %.2f ms, fast path %.2f ms,"
                  + " naive %.2f ms%n",
              r, ls.length, tf[r], fast[r], naive[r]);
        }
      }
      int same = 0;
      int cells = count * ls.length;
      long tfTokens = 0;
      for (int s = 0; s < ls.length; s++) {
        tfTokens += (long) count * (c + ls[s]);
        for (int i = 0; i < count; i++) {
          if (Arrays.equals(scored[s][i].generated(), generated[s][i].tokens())) same++;
        }
      }
      int exact = 0;
      double firstMismatch = 0;
      long decoded = 0;
      RowMemorization[] longest = scored[indexOf(ls, lMax)];
      for (RowMemorization row : longest) {
        if (row.exact()) exact++;
        firstMismatch += row.firstMismatch();
        decoded += Math.max(0, lMax - 1 - row.firstMismatch());
      }
      double mt = Timings.median(tf);
      double mf = Timings.median(fast);
      double mn = Timings.median(naive);
      out.printf(
          "%nmedian per row over the %d (C, L) cells: teacher-forced passes %.2f ms, fast path"
              + " %.2f ms (%.2fx the cells' teacher-forced passes), naive generation %.2f ms (fast"
              + " path %.2fx faster)%n",
          ls.length, mt, mf, mf / mt, mn, mn / mf);
      out.printf(
          "greedy tokens identical to naive generation in %d of %d (row, L) cells; at L=%d: %d"
              + " rows exact, mean first mismatch %.1f%n",
          same, cells, lMax, exact, firstMismatch / count);
      double perRow = (double) decoded / count;
      out.printf(
          "work: the fast path feeds %d + %.1f tokens per row (pass, then decoding), the cells'"
              + " passes %.1f, naive generation %.1f%n",
          c + lMax,
          perRow,
          (double) tfTokens / count,
          (double) Arrays.stream(ls).map(l -> c + l).sum());
    }
    return 0;
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) if (values[i] == value) return i;
    throw new IllegalArgumentException(value + " not in " + Arrays.toString(values));
  }
}
