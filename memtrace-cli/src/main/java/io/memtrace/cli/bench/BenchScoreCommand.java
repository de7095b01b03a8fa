package io.memtrace.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.cli.options.Counts;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.model.tensor.FmaPeak;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * Teacher-forced scoring throughput: memtrace's engine against PyTorch CPU eager ({@code
 * tools/lm_bench.py} over the independent reference model) on the same random Pythia-160M-shaped
 * checkpoint, the same rows and the same thread count, the two sides alternating run by run. Also
 * checks that both agree on the argmax and the target log-probabilities.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Scoring throughput (tokens/s) on a random Pythia-160M-shaped model, memtrace vs PyTorch"
          + " CPU eager (tools/lm_bench.py), side by side.",
      "Needs a python with torch for the comparison (e.g. Debian's python3-torch), or --no-python."
    })
final class BenchScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions.Threads threads = new BenchOptions.Threads();

  @Mixin BenchOptions.Repeat runs = new BenchOptions.Repeat(3);

  @Mixin BenchOptions.Python python = new BenchOptions.Python();

  @Option(
      names = "--rows",
      converter = Counts.Positive.class,
      defaultValue = "16",
      description = "Rows per batch.")
  int rows;

  @Option(
      names = "--tokens",
      converter = Counts.Positive.class,
      defaultValue = "64",
      description = "Tokens per row.")
  int tokens;

  @Option(
      names = "--work",
      defaultValue = "bench-out/score",
      paramLabel = "DIR",
      description =
          "Scratch directory (the random model is kept there). Default: ${DEFAULT-VALUE}.")
  Path work;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int n = threads.count();
    Path modelDir = work.resolve("pythia-160m-random");
    long t0 = System.nanoTime();
    RandomPythia.writeIfAbsent(modelDir, 160);
    out.printf(
        "model: random Pythia-160M shape, float32, %s (%.1f s to prepare)%n",
        modelDir, (System.nanoTime() - t0) / 1e9);
    int[][] batch = rows(new SplittableRandom(64));
    Path rowsFile = work.resolve("rows.json");
    Files.writeString(rowsFile, new ObjectMapper().writeValueAsString(batch));
    out.printf("workload: %d rows x %d tokens, %d threads%n", rows, tokens, n);

    double peak = FmaPeak.gflops(n, 2000);
    double[] ours = new double[runs.count()];
    double[] theirs = new double[runs.count()];
    Path result = work.resolve("torch-result.json");
    RowScores[] scores = null;
    try (LanguageModel model = LanguageModel.load(modelDir, n);
        PythonSide torch = python.off() ? null : torch(modelDir, rowsFile, result, n)) {
      model.packWeights(Runtime.getRuntime().maxMemory() / 8); // as score does
      model.score(batch, ScoreOptions.DEFAULT);
      // The two sides alternate run by run, so that a slow spell of a shared machine weighs on
      // both.
      for (int r = 0; r < runs.count(); r++) {
        long s = System.nanoTime();
        scores = model.score(batch, ScoreOptions.DEFAULT);
        ours[r] = rows * tokens / ((System.nanoTime() - s) / 1e9);
        out.printf("run %d memtrace (%s): %,.0f tokens/s", r, model.kernels(), ours[r]);
        if (torch != null) {
          theirs[r] = rows * tokens / torch.ask("run").get("seconds").asDouble();
          out.printf(", PyTorch CPU eager: %,.0f tokens/s", theirs[r]);
        }
        out.println();
      }
    }
    ForwardFlops flops =
        new ForwardFlops(
            RandomPythia.LAYERS, RandomPythia.DIM, RandomPythia.INTER, RandomPythia.VOCAB);
    out.printf(
        "%nFP32 FMA peak of %d threads: %.1f GFLOP/s (FMA chains on registers); %.1f GFLOP per"
            + " pass%n",
        n, peak, flops.of(rows, tokens) / 1e9);
    double m = Timings.median(ours);
    out.printf(
        "memtrace: median %,.0f tokens/s, %.0f%% of peak%n",
        m, 100 * flops.shareOfPeak(rows, tokens, 1, m, peak));
    if (python.off()) return 0;
    double h = Timings.median(theirs);
    out.printf(
        "PyTorch CPU eager (OpenBLAS: %s): median %,.0f tokens/s, %.0f%% of peak%n",
        python.describe(), h, 100 * flops.shareOfPeak(rows, tokens, 1, h, peak));
    out.printf("ratio memtrace / PyTorch: %.2fx%n", m / h);
    agreement(out, scores, new ObjectMapper().readTree(result.toFile()));
    return 0;
  }

  private int[][] rows(SplittableRandom rnd) {
    int[][] out = new int[rows][tokens];
    for (int[] row : out) {
      for (int i = 0; i < tokens; i++) row[i] = rnd.nextInt(RandomPythia.VOCAB);
    }
    return out;
  }

  /** tools/lm_bench.py kept running, loaded and warmed up: one timed scoring per request. */
  private PythonSide torch(Path modelDir, Path rowsFile, Path result, int threads)
      throws IOException {
    return new PythonSide(
        "PyTorch",
        python.process(
            List.of(
                python.withTorch(),
                home().resolve("tools/lm_bench.py").toString(),
                modelDir.toString(),
                rowsFile.toString(),
                result.toString(),
                "--threads",
                Integer.toString(threads))),
        true);
  }

  private void agreement(PrintWriter out, RowScores[] scores, JsonNode torch) {
    int same = 0;
    int total = 0;
    double maxDiff = 0;
    for (int r = 0; r < rows; r++) {
      for (int p = 0; p < tokens - 1; p++) {
        total++;
        if (torch.get("argmax").get(r).get(p).asInt() == scores[r].argmax()[p]) same++;
        double d = torch.get("target_logprob").get(r).get(p).asDouble();
        maxDiff = Math.max(maxDiff, Math.abs(d - scores[r].targetLogprob()[p]));
      }
    }
    out.printf(
        "agreement: argmax equal at %d of %d positions, target log-prob max |difference| %.2g%n",
        same, total, maxDiff);
  }

  static Path home() {
    String home = System.getProperty("memtrace.home");
    return home == null ? Path.of("").toAbsolutePath() : Path.of(home);
  }
}
