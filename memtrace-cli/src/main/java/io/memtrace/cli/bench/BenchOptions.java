package io.memtrace.cli.bench;

import io.memtrace.cli.options.Counts;
import io.memtrace.model.tensor.Kernels;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options benchmarks share, as picocli mixins: threads, timed runs, the Python side. */
final class BenchOptions {
  private BenchOptions() {}

  /** {@code --threads N}: threads on both sides. */
  static final class Threads {
    @Option(
        names = "--threads",
        converter = Counts.Positive.class,
        paramLabel = "N",
        description = "Threads on both sides. Default: ${DEFAULT-VALUE}.")
    int threads;

    /** All processors by default. */
    Threads() {
      this(Runtime.getRuntime().availableProcessors());
    }

    Threads(int threads) {
      this.threads = threads;
    }

    int count() {
      if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
      return threads;
    }
  }

  /** {@code --repeat N}: timed runs of each side. */
  static final class Repeat {
    @Option(
        names = "--repeat",
        converter = Counts.Positive.class,
        paramLabel = "N",
        description = "Timed runs of each side. Default: ${DEFAULT-VALUE}.")
    int repeat;

    Repeat(int repeat) {
      this.repeat = repeat;
    }

    int count() {
      if (repeat < 1) throw new IllegalArgumentException("--repeat must be at least 1");
      return repeat;
    }
  }

  /** {@code --python EXE} and {@code --no-python}: the side run by the real alternative. */
  static final class Python {
    @Option(names = "--no-python", description = "Measure memtrace only.")
    boolean off;

    @Option(
        names = "--python",
        paramLabel = "EXE",
        description =
            "The Python of the other side. Default: python3 (one with torch where torch is needed).")
    String exe;

    @Option(
        names = "--openblas-core",
        paramLabel = "NAME",
        description =
            "OpenBLAS's kernels on the other side (its OPENBLAS_CORETYPE, e.g. SkylakeX, Haswell)."
                + " Default: OPENBLAS_CORETYPE as set; where it is not, SkylakeX (AVX-512) when"
                + " memtrace runs 512-bit vectors, so that both sides use them (OpenBLAS 0.3.21"
                + " takes Zen 4 and 5 for Haswell), else OpenBLAS's own choice.")
    String openblasCore;

    boolean off() {
      return off;
    }

    /** OPENBLAS_CORETYPE for the other side: the option, else as set, else SkylakeX on AVX-512. */
    Map<String, String> environment() {
      String core = openblasCore;
      if (core == null) core = System.getenv("OPENBLAS_CORETYPE");
      if (core == null && Kernels.get().name().equals("vector-512")) core = "SkylakeX";
      return core == null ? Map.of() : Map.of("OPENBLAS_CORETYPE", core);
    }

    /** {@code cmd} with the other side's environment. */
    ProcessBuilder process(List<String> cmd) {
      ProcessBuilder builder = new ProcessBuilder(cmd);
      builder.environment().putAll(environment());
      return builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /** What the other side's BLAS runs, for the report. */
    String describe() {
      return environment().getOrDefault("OPENBLAS_CORETYPE", "OpenBLAS's own choice");
    }

    /** The given Python, else {@code fallback}. */
    String or(String fallback) {
      return exe != null ? exe : fallback;
    }

    /** The given Python, else the first of python3, /usr/bin/python3 that imports torch. */
    String withTorch() throws IOException {
      if (exe != null) return exe;
      for (String candidate : List.of("python3", "/usr/bin/python3")) {
        try {
          Process p = new ProcessBuilder(candidate, "-c", "import torch").start();
          if (p.waitFor() == 0) return candidate;
        } catch (IOException e) {
          // not installed under this name; try the next one
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      throw new IOException("no python with torch found; pass --python or run with --no-python");
    }
  }
}
