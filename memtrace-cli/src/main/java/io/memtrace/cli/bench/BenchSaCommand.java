package io.memtrace.cli.bench;

import io.memtrace.cli.options.ByteSize;
import io.memtrace.cli.options.Counts;
import io.memtrace.cli.options.StoreOptions;
import io.memtrace.index.IndexWriter;
import io.memtrace.index.ShardText;
import io.memtrace.index.sais.SuffixArrays;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.StorePaths;
import io.memtrace.tokens.TokenStore;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Suffix-array construction of memtrace ({@link SuffixArrays#build}, what {@code index build} runs
 * per shard) against libsais (the C reference, called through {@code java.lang.foreign}) on the
 * same text: the first shard's documents of a token store, each followed by the separator, exactly
 * the text an index build sorts.
 *
 * <p>Both sort the same symbols with the same convention (a suffix that is a prefix of another
 * sorts first, no sentinel), so their suffix arrays must be identical; the command checks that. A
 * vocabulary of at most 65535 (separator included: alphabet at most 65536) goes to {@code
 * libsais16_omp} as uint16 and to memtrace as {@code char[]}, a larger one to both as int32.
 * Reading the store is not timed; each timed run includes allocating (and zeroing) its output
 * array, on both sides.
 *
 * <p>Memory: the launcher gives memtrace's heap transparent huge pages where the kernel offers
 * them; libsais's text and output are mapped the same way (anonymous memory, huge pages requested
 * before the first touch), so neither side pays for TLB misses the other avoids.
 */
@Command(
    name = "sa",
    mixinStandardHelpOptions = true,
    description = {
      "Suffix-array construction throughput of memtrace vs libsais (libsais16_omp, or"
          + " libsais_int_omp above 16-bit alphabets) on the same text, same threads; checks that"
          + " the two suffix arrays are identical and prints the throughput ratio.",
      "Build libsais (not part of memtrace): gcc -O3 -march=native -fopenmp -DLIBSAIS_OPENMP"
          + " -shared -fPIC -Iinclude -o /tmp/libsais.so src/libsais.c src/libsais16.c"
          + " src/libsais16x64.c src/libsais64.c",
      "Canonical corpus: python3 ../shared/bench/make_corpus.py /tmp/bench100m; memtrace bench sa"
          + " --store /tmp/bench100m --libsais /tmp/libsais.so --threads 2"
    })
final class BenchSaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions.Threads threadsOption = new BenchOptions.Threads(2);

  @Mixin BenchOptions.Repeat runs = new BenchOptions.Repeat(3);

  @Mixin StoreOptions store;

  @Option(
      names = "--libsais",
      paramLabel = "LIB",
      description = "Shared library of libsais built with OpenMP; without it, memtrace only.")
  Path libsais;

  @Option(
      names = "--libsais-int",
      description =
          "Call libsais_int_omp on a 32-bit copy even when the alphabet fits 16 bits (memtrace"
              + " still reads 16-bit).")
  boolean libsaisInt;

  @Option(
      names = "--memory",
      defaultValue = "8g",
      converter = ByteSize.class,
      paramLabel = "SIZE",
      description =
          "Memory budget of the index build whose first shard is sorted. Default: ${DEFAULT-VALUE}.")
  long memory;

  @Option(
      names = "--tokens",
      converter = Counts.PositiveLong.class,
      paramLabel = "N",
      description = "Sort at most this many tokens and separators (whole documents).")
  Long tokens;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int threads = threadsOption.count();
    int repeat = runs.count();
    StoreMetadata metadata =
        store.rowLength == null
            ? StoreMetadata.readIfPresent(StorePaths.of(store.store).prefix())
            : null;
    ShardText text;
    int vocab;
    int documents;
    try (TokenStore tokenStore = store.open()) {
      vocab = IndexWriter.vocabulary(tokenStore, metadata);
      documents = firstShardDocuments(tokenStore, vocab);
      text = IndexWriter.shardText(tokenStore, 0, documents, vocab, new int[documents + 1]);
    }
    int k = vocab + 1;
    int n = text.length();
    out.printf(
        "%s: %,d documents, %,d symbols (tokens and separators), alphabet %,d; %d threads%n",
        store.store, documents, n, k, threads);
    out.printf(
        "peak memory bound: memtrace %.2f bytes/symbol (SuffixArrays.peakBytes, %d-bit text);"
            + " libsais16 6 (16-bit text, 32-bit array) plus up to 2 in the worst case (its own"
            + " statement)%n",
        (double) SuffixArrays.peakBytes(n, k) / n, 8 * ShardText.bytesPerSymbol(k));

    try (Arena arena = Arena.ofShared()) {
      Libsais reference =
          libsais == null ? null : Libsais.load(libsais, arena, text, k, libsaisInt);
      double[] ours = new double[repeat];
      double[] theirs = new double[repeat];
      for (int r = 0; r < repeat; r++) {
        // Untimed: frees the last run's array, so that this run's reuses memory already mapped,
        // as libsais's fresh mapping gets pages the kernel just took back (otherwise the heap
        // grows into memory never touched, whose first touch is slow on a virtual machine).
        System.gc();
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        int[] sa = text.suffixArray(k, threads);
        ours[r] = (System.nanoTime() - t0) / 1e9;
        out.printf("run %d: memtrace %.3f s (cpu %.3f s)", r + 1, ours[r], (cpuNanos() - c0) / 1e9);
        if (reference != null) {
          c0 = cpuNanos();
          theirs[r] = reference.run(threads, r == 0 ? sa : null);
          out.printf(
              ", libsais %.3f s (cpu %.3f s%s)",
              theirs[r],
              (cpuNanos() - c0) / 1e9,
              r == 0 ? ", including the comparison; suffix arrays identical" : "");
        }
        out.println();
        out.flush();
      }
      double mt = Timings.median(ours);
      out.printf(
          "memtrace: %.3f s median (best %.3f), %,.1f M symbols/s%n",
          mt, Timings.min(ours), n / mt / 1e6);
      if (reference != null) {
        double ls = Timings.median(theirs);
        out.printf(
            "%s: %.3f s median (best %.3f), %,.1f M symbols/s%n",
            reference.function(), ls, Timings.min(theirs), n / ls / 1e6);
        out.printf(
            "throughput ratio memtrace/libsais = %.2f (median libsais s / median memtrace s;"
                + " best-of: %.2f)%n",
            ls / mt, Timings.min(theirs) / Timings.min(ours));
      }
    }
    return 0;
  }

  /** Documents of the first shard an index build with this budget (and token limit) sorts. */
  private int firstShardDocuments(TokenStore s, int vocab) {
    long length = 0;
    int d = 0;
    long limit = tokens == null ? Integer.MAX_VALUE - 16 : Math.min(tokens, Integer.MAX_VALUE - 16);
    for (; d < s.documentCount() && d < Integer.MAX_VALUE - 1; d++) {
      long next = length + s.documentEnd(d) - s.documentStart(d) + 1;
      if (next > limit || IndexWriter.shardPeakBytes(next, d + 1, vocab) > memory) break;
      length = next;
    }
    if (d == 0) {
      throw new IllegalArgumentException("the first document alone exceeds --tokens or --memory");
    }
    return d;
  }

  /** CPU time of the whole process: every thread of either builder, spinning included. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
