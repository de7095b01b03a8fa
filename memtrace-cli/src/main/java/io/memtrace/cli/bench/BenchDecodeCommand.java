package io.memtrace.cli.bench;

import io.memtrace.cli.options.Counts;
import io.memtrace.model.GreedyOptions;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.engine.KvCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Cost of one greedy step with the KV cache as the prefix grows: the prefix is prefilled once, then
 * {@code --steps} tokens are decoded and timed. With the cache a step attends over the prefix
 * instead of recomputing it, so the cost should grow at most linearly with the prefix length.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description =
        "Milliseconds per greedy decoding step after prefixes of growing length, on the random"
            + " Pythia-160M-shaped model of bench score.")
final class BenchDecodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions.Threads threads = new BenchOptions.Threads();

  @Option(
      names = "--prefix",
      converter = Counts.NonNegative.class,
      split = ",",
      defaultValue = "32,128,512,1536",
      description = "Prefix lengths. Default: ${DEFAULT-VALUE}.")
  List<Integer> prefixes;

  @Option(
      names = "--rows",
      converter = Counts.Positive.class,
      defaultValue = "1",
      description = "Rows decoded together.")
  int rows;

  @Option(
      names = "--steps",
      converter = Counts.Positive.class,
      defaultValue = "16",
      description = "Timed steps per prefix.")
  int steps;

  @Option(
      names = "--work",
      defaultValue = "bench-out/score",
      paramLabel = "DIR",
      description = "Scratch directory (shared with bench score). Default: ${DEFAULT-VALUE}.")
  Path work;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path modelDir = work.resolve("pythia-160m-random");
    RandomPythia.writeIfAbsent(modelDir, 160);
    int n = threads.count();
    SplittableRandom rnd = new SplittableRandom(7);
    try (LanguageModel model = LanguageModel.load(modelDir, n)) {
      out.printf("%d row(s), %d threads, %s kernels%n", rows, n, model.kernels());
      decode(model, rnd, prefixes.getFirst());
      double first = 0;
      for (int prefix : prefixes) {
        double ms = decode(model, rnd, prefix);
        if (first == 0) first = ms;
        out.printf("prefix %5d: %7.1f ms/step (%.2fx the first prefix)%n", prefix, ms, ms / first);
      }
    }
    return 0;
  }

  /** Milliseconds per step of {@code steps} greedy steps after a random prefix. */
  private double decode(LanguageModel model, SplittableRandom rnd, int prefix) {
    int[][] prompt = new int[rows][prefix];
    for (int[] row : prompt) {
      for (int i = 0; i < prefix; i++) row[i] = rnd.nextInt(model.vocabSize());
    }
    KvCache cache = model.newCache(rows);
    int[][] head = new int[rows][];
    int[][] last = new int[rows][];
    for (int r = 0; r < rows; r++) {
      head[r] = java.util.Arrays.copyOf(prompt[r], prefix - 1);
      last[r] = new int[] {prompt[r][prefix - 1]};
    }
    model.prefill(cache, head);
    long t0 = System.nanoTime();
    model.greedy(cache, last, GreedyOptions.uniform(rows, steps, 0, List.of()));
    return (System.nanoTime() - t0) / 1e6 / steps;
  }
}
