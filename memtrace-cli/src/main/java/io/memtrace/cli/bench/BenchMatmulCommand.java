package io.memtrace.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.cli.options.Counts;
import io.memtrace.model.safetensors.DType;
import io.memtrace.model.tensor.FmaPeak;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.MatMul;
import io.memtrace.model.tensor.Matrix;
import io.memtrace.model.tensor.Parallel;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The matrix product of the model engine against OpenBLAS sgemm (through torch.matmul, {@code
 * tools/sgemm_bench.py}) at the shapes of scoring 16 rows x 64 tokens on Pythia-160M, float32, same
 * thread count. The two sides alternate shape by shape for several rounds, so that a slow spell of
 * a shared machine weighs on both; each side's figure is its median over the rounds. memtrace is
 * measured laying the weights out on every product, as sgemm does, and with them laid out once.
 * Each figure is also given as a share of the machine's FP32 FMA peak ({@link FmaPeak}).
 */
@Command(
    name = "matmul",
    mixinStandardHelpOptions = true,
    description =
        "GFLOP/s of memtrace's matrix product vs OpenBLAS sgemm at Pythia-160M scoring shapes.")
final class BenchMatmulCommand implements Callable<Integer> {
  /** (n, k, m): query-key-value, attention output, MLP up, MLP down, output projection. */
  private static final int[][] SHAPES = {
    {1024, 768, 2304}, {1024, 768, 768}, {1024, 768, 3072}, {1024, 3072, 768}, {256, 768, 50304}
  };

  @Spec CommandSpec spec;

  @Mixin BenchOptions.Threads threads = new BenchOptions.Threads();

  @Mixin BenchOptions.Repeat runs = new BenchOptions.Repeat(5);

  @Mixin BenchOptions.Python python = new BenchOptions.Python();

  @Option(
      names = "--rounds",
      converter = Counts.Positive.class,
      defaultValue = "5",
      description = "Rounds of both sides.")
  int rounds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int n = threads.count();
    double[][] ours = new double[SHAPES.length][rounds];
    double[][] packed = new double[SHAPES.length][rounds];
    double[][] theirs = new double[SHAPES.length][rounds];
    String core = null;
    double peak = FmaPeak.gflops(n, 2000);
    try (Parallel parallel = new Parallel(n);
        Arena arena = Arena.ofShared();
        PythonSide blas = python.off() ? null : openBlas(n)) {
      MatMul matmul = new MatMul(Kernels.get(), parallel);
      // As score and memorize run: each weight matrix laid out for the kernel once.
      MatMul keeping = new MatMul(Kernels.get(), parallel, Long.MAX_VALUE);
      SplittableRandom rnd = new SplittableRandom(1);
      Operands[] operands = new Operands[SHAPES.length];
      for (int s = 0; s < SHAPES.length; s++) operands[s] = new Operands(arena, rnd, SHAPES[s]);
      for (int r = 0; r < rounds; r++) {
        for (int s = 0; s < SHAPES.length; s++) {
          ours[s][r] = measure(matmul, operands[s]);
          packed[s][r] = measure(keeping, operands[s]);
          if (blas != null) {
            int[] shape = SHAPES[s];
            JsonNode answer = blas.ask(shape[0] + "," + shape[1] + "," + shape[2]);
            theirs[s][r] = answer.get("gflops").asDouble();
            core = answer.path("core").asText("not OpenBLAS");
          }
        }
      }
    }
    out.printf(
        "%d threads, %s kernels, float32, median of %d rounds of %d runs, the two sides"
            + " alternating%n",
        n, Kernels.get().name(), rounds, runs.count());
    out.printf(
        "FP32 FMA peak of %d threads: %.1f GFLOP/s (FMA chains on registers = threads x FMA units x"
            + " %d lanes x 2 x clock)%n",
        n, peak, FmaPeak.lanes());
    if (core != null) out.printf("OpenBLAS kernels: %s%n", core);
    for (int s = 0; s < SHAPES.length; s++) {
      double mine = Timings.median(ours[s]);
      double kept = Timings.median(packed[s]);
      out.printf(
          "n=%4d k=%4d m=%5d: memtrace %6.1f GFLOP/s %3.0f%% (weights kept packed %6.1f %3.0f%%)",
          SHAPES[s][0],
          SHAPES[s][1],
          SHAPES[s][2],
          mine,
          100 * mine / peak,
          kept,
          100 * kept / peak);
      if (!python.off()) {
        double blas = Timings.median(theirs[s]);
        out.printf(
            ", OpenBLAS %6.1f GFLOP/s %3.0f%%, ratio %.2fx (packed %.2fx)",
            blas, 100 * blas / peak, mine / blas, kept / blas);
      }
      out.println();
    }
    return 0;
  }

  /** Mapped float32 weights (m, k) and activations (n, k) of one shape. */
  private record Operands(int[] shape, Matrix w, float[] x, float[] out) {
    Operands(Arena arena, SplittableRandom rnd, int[] shape) {
      this(
          shape,
          weights(arena, rnd, shape[2], shape[1]),
          gaussian(rnd, shape[0] * shape[1]),
          new float[shape[0] * shape[2]]);
    }

    static Matrix weights(Arena arena, SplittableRandom rnd, int m, int k) {
      MemorySegment w = arena.allocate((long) m * k * 4, 64);
      for (long i = 0; i < (long) m * k; i++) {
        w.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) rnd.nextGaussian());
      }
      return Matrix.of("w", DType.F32, w, m, k);
    }

    static float[] gaussian(SplittableRandom rnd, int length) {
      float[] x = new float[length];
      for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
      return x;
    }
  }

  /** Median GFLOP/s of {@code --repeat} products after two untimed ones. */
  private double measure(MatMul matmul, Operands o) {
    int n = o.shape[0];
    int k = o.shape[1];
    int m = o.shape[2];
    for (int r = 0; r < 2; r++) matmul.multiply(o.w, o.x, n, o.out, 0, m);
    double[] gflops = new double[runs.count()];
    for (int r = 0; r < gflops.length; r++) {
      long t0 = System.nanoTime();
      matmul.multiply(o.w, o.x, n, o.out, 0, m);
      gflops[r] = 2.0 * n * k * m / (System.nanoTime() - t0);
    }
    return Timings.median(gflops);
  }

  /** tools/sgemm_bench.py kept running: GFLOP/s of one shape per request. */
  private PythonSide openBlas(int n) throws IOException {
    return new PythonSide(
        "OpenBLAS",
        python.process(
            List.of(
                python.withTorch(),
                BenchScoreCommand.home().resolve("tools/sgemm_bench.py").toString(),
                "--threads",
                Integer.toString(n),
                "--repeat",
                Integer.toString(runs.count()))),
        false);
  }
}
