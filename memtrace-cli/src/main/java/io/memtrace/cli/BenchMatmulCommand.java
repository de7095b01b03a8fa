package io.memtrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.model.safetensors.DType;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.MatMul;
import io.memtrace.model.tensor.Matrix;
import io.memtrace.model.tensor.Parallel;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The matrix product of the model engine against OpenBLAS sgemm (through torch.matmul, {@code
 * tools/sgemm_bench.py}) at the shapes of scoring 16 rows x 64 tokens on Pythia-160M, float32, same
 * thread count.
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

  @Option(names = "--repeat", defaultValue = "7", description = "Timed runs per shape.")
  int repeat;

  @Option(names = "--threads", paramLabel = "N", description = "Default: all processors.")
  Integer threads;

  @Option(names = "--no-python", description = "Measure memtrace only.")
  boolean noPython;

  @Option(names = "--python", paramLabel = "EXE", description = "Python with torch.")
  String python;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    double[] ours = new double[SHAPES.length];
    try (Parallel parallel = new Parallel(n);
        Arena arena = Arena.ofShared()) {
      MatMul matmul = new MatMul(Kernels.get(), parallel);
      SplittableRandom rnd = new SplittableRandom(1);
      for (int s = 0; s < SHAPES.length; s++) ours[s] = measure(matmul, arena, rnd, SHAPES[s]);
    }
    double[] theirs = noPython ? null : openBlas(n);
    out.printf(
        "%d threads, %s kernels, float32, median of %d runs%n", n, Kernels.get().name(), repeat);
    for (int s = 0; s < SHAPES.length; s++) {
      out.printf(
          "n=%4d k=%4d m=%5d: memtrace %6.1f GFLOP/s",
          SHAPES[s][0], SHAPES[s][1], SHAPES[s][2], ours[s]);
      if (theirs != null) {
        out.printf(", OpenBLAS %6.1f GFLOP/s, ratio %.2fx", theirs[s], ours[s] / theirs[s]);
      }
      out.println();
    }
    return 0;
  }

  private double measure(MatMul matmul, Arena arena, SplittableRandom rnd, int[] shape) {
    int n = shape[0];
    int k = shape[1];
    int m = shape[2];
    MemorySegment w = arena.allocate((long) m * k * 4, 64);
    for (long i = 0; i < (long) m * k; i++) {
      w.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) rnd.nextGaussian());
    }
    Matrix matrix = Matrix.of("w", DType.F32, w, m, k);
    float[] x = new float[n * k];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
    float[] out = new float[n * m];
    for (int r = 0; r < 3; r++) matmul.multiply(matrix, x, n, out, 0, m);
    double[] runs = new double[repeat];
    for (int r = 0; r < repeat; r++) {
      long t0 = System.nanoTime();
      matmul.multiply(matrix, x, n, out, 0, m);
      runs[r] = 2.0 * n * k * m / (System.nanoTime() - t0);
    }
    Arrays.sort(runs);
    return runs[repeat / 2];
  }

  private double[] openBlas(int n) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(python != null ? python : BenchScoreCommand.pythonWithTorch());
    cmd.add(BenchScoreCommand.home().resolve("tools/sgemm_bench.py").toString());
    for (int[] s : SHAPES) cmd.add(s[0] + "," + s[1] + "," + s[2]);
    cmd.addAll(List.of("--threads", Integer.toString(n), "--repeat", Integer.toString(repeat)));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("the OpenBLAS side failed (" + String.join(" ", cmd) + ")");
    }
    double[] gflops = new double[SHAPES.length];
    String[] lines = stdout.strip().split("\n");
    for (int s = 0; s < SHAPES.length; s++) {
      JsonNode line = new ObjectMapper().readTree(lines[s]);
      gflops[s] = line.get("gflops").asDouble();
    }
    return gflops;
  }
}
