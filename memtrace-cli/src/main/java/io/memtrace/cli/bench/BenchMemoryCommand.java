package io.memtrace.cli.bench;

import io.memtrace.model.LanguageModel;
import io.memtrace.model.ScoreOptions;
import io.memtrace.model.safetensors.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Resident memory of a model mapped from BF16 safetensors: the process's resident set (Linux {@code
 * /proc/self/status}) before loading, after loading and after a scoring pass, against the weight
 * file's size. Weights stay mapped in their file's BF16, so the growth should be the file plus the
 * engine's working buffers.
 */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description = {
      "Resident memory of a BF16 model (random Pythia-160M shape unless --model) after loading and"
          + " after scoring, relative to its weight file (Linux)."
    })
final class BenchMemoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions.Threads threads = new BenchOptions.Threads();

  @Option(names = "--model", paramLabel = "DIR", description = "A BF16 model directory.")
  Path model;

  @Option(
      names = "--work",
      defaultValue = "bench-out/memory",
      paramLabel = "DIR",
      description = "Where the random BF16 model is written. Default: ${DEFAULT-VALUE}.")
  Path work;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = model;
    if (dir == null) {
      dir = work.resolve("pythia-160m-random-bf16");
      RandomPythia.writeIfAbsent(dir, 160, true);
    }
    int n = threads.count();
    long file = Files.size(dir.resolve(Checkpoint.SINGLE));
    System.gc();
    long[] before = rss();
    long[] loaded;
    long[] scored;
    try (LanguageModel lm = LanguageModel.load(dir, n)) {
      System.gc();
      loaded = rss();
      SplittableRandom r = new SplittableRandom(1);
      int[][] rows = new int[4][64];
      for (int[] row : rows)
        for (int j = 0; j < row.length; j++) row[j] = r.nextInt(lm.vocabSize());
      lm.score(rows, ScoreOptions.DEFAULT);
      System.gc();
      scored = rss();
    }
    out.printf("%s: weight file %,d MB%n", dir, file >> 20);
    out.printf("%-22s %12s %12s %12s %12s%n", "", "VmRSS", "RssAnon", "RssFile", "live heap");
    print(out, "before loading", before);
    print(out, "after loading", loaded);
    print(out, "after scoring 4x64", scored);
    // The JVM keeps freed heap pages resident, so anonymous RSS overstates what the engine holds;
    // the live heap after a collection is what it holds.
    long weights = (scored[2] - before[2]) * 1024;
    long heap = (scored[3] - before[3]) * 1024;
    out.printf(
        "weights resident (file-backed growth) %.3fx the file; engine's live heap growth %,d MB;"
            + " together %.3fx the file (target < 1.2x)%n",
        (double) weights / file, heap >> 20, (double) (weights + heap) / file);
    return 0;
  }

  private static void print(PrintWriter out, String what, long[] kb) {
    out.printf(
        "%-22s %,9d MB %,9d MB %,9d MB %,9d MB%n",
        what, kb[0] >> 10, kb[1] >> 10, kb[2] >> 10, kb[3] >> 10);
  }

  /** VmRSS, RssAnon, RssFile and the live heap after a collection, in kB. */
  private static long[] rss() throws IOException {
    System.gc();
    long[] v = new long[4];
    v[3] =
        java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
            >> 10;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      String[] f = line.split("\\s+");
      switch (f[0]) {
        case "VmRSS:" -> v[0] = Long.parseLong(f[1]);
        case "RssAnon:" -> v[1] = Long.parseLong(f[1]);
        case "RssFile:" -> v[2] = Long.parseLong(f[1]);
        default -> {}
      }
    }
    return v;
  }
}
