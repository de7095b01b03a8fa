package io.memtrace.cli.bench;

import io.memtrace.cli.ByteSize;
import io.memtrace.cli.StoreOptions;
import io.memtrace.index.IndexWriter;
import io.memtrace.index.sais.SuffixArrays;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.StorePaths;
import io.memtrace.tokens.TokenStore;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Arrays;
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
 * libsais16_omp} as uint16, a larger one to {@code libsais_int_omp} as int32. Reading the store is
 * not timed; each timed run includes allocating (and zeroing) its output array, on both sides.
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
          "Call libsais_int_omp on a 32-bit copy even when the alphabet fits 16 bits (the text"
              + " width memtrace reads).")
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
    int[] text;
    int vocab;
    int documents;
    try (TokenStore tokenStore = store.open()) {
      vocab = IndexWriter.vocabulary(tokenStore, metadata);
      documents = firstShardDocuments(tokenStore, vocab);
      text = IndexWriter.shardText(tokenStore, 0, documents, vocab, new int[documents + 1]);
    }
    int k = vocab + 1;
    int n = text.length;
    out.printf(
        "%s: %,d documents, %,d symbols (tokens and separators), alphabet %,d; %d threads%n",
        store.store, documents, n, k, threads);

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
        int[] sa = SuffixArrays.build(text, k, threads);
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
      double mt = median(ours);
      out.printf(
          "memtrace: %.3f s median (best %.3f), %,.1f M symbols/s%n", mt, min(ours), n / mt / 1e6);
      if (reference != null) {
        double ls = median(theirs);
        out.printf(
            "%s: %.3f s median (best %.3f), %,.1f M symbols/s%n",
            reference.function(), ls, min(theirs), n / ls / 1e6);
        out.printf(
            "throughput ratio memtrace/libsais = %.2f (median libsais s / median memtrace s;"
                + " best-of: %.2f)%n",
            ls / mt, min(theirs) / min(ours));
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

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] xs) {
    return Arrays.stream(xs).min().orElseThrow();
  }

  /** libsais through the foreign-function interface, over a native copy of the text. */
  private record Libsais(MethodHandle handle, String function, MemorySegment text, int n, int k) {
    static Libsais load(Path library, Arena arena, int[] text, int k, boolean wide) {
      SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
      Linker linker = Linker.nativeLinker();
      var i32 = ValueLayout.JAVA_INT;
      var ptr = ValueLayout.ADDRESS;
      int n = text.length;
      if (!wide && k <= 1 << 16) {
        MemorySegment t = mapped(2L * n, arena);
        for (int i = 0; i < n; i++) t.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) text[i]);
        // int32_t libsais16_omp(const uint16_t *T, int32_t *SA, int32_t n, int32_t fs,
        //                       int32_t *freq, int32_t threads)
        MethodHandle h =
            linker.downcallHandle(
                lookup.findOrThrow("libsais16_omp"),
                FunctionDescriptor.of(i32, ptr, ptr, i32, i32, ptr, i32));
        return new Libsais(h, "libsais16_omp", t, n, k);
      }
      MemorySegment t = mapped(4L * n, arena);
      MemorySegment.copy(text, 0, t, ValueLayout.JAVA_INT, 0, n);
      // int32_t libsais_int_omp(int32_t *T, int32_t *SA, int32_t n, int32_t k, int32_t fs,
      //                         int32_t threads); T is modified during the run and restored.
      MethodHandle h =
          linker.downcallHandle(
              lookup.findOrThrow("libsais_int_omp"),
              FunctionDescriptor.of(i32, ptr, ptr, i32, i32, i32, i32));
      return new Libsais(h, "libsais_int_omp", t, n, k);
    }

    /** Seconds of one construction, its output allocated inside; compared with {@code expect}. */
    double run(int threads, int[] expect) {
      try (Arena run = Arena.ofConfined()) {
        long t0 = System.nanoTime();
        MemorySegment sa = mapped(4L * n, run);
        int rc = call(sa, threads);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
          throw new IllegalStateException(function + " returned " + rc);
        }
        if (expect != null) {
          for (int i = 0; i < n; i++) {
            int theirs = sa.getAtIndex(ValueLayout.JAVA_INT, i);
            if (theirs != expect[i]) {
              throw new IllegalStateException(
                  "suffix arrays differ at rank %d: memtrace %d, %s %d"
                      .formatted(i, expect[i], function, theirs));
            }
          }
        }
        return seconds;
      }
    }

    private int call(MemorySegment sa, int threads) {
      try {
        return function.equals("libsais16_omp")
            ? (int) handle.invokeExact(text, sa, n, 0, MemorySegment.NULL, threads)
            : (int) handle.invokeExact(text, sa, n, k, 0, threads);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(function + " failed", e);
      }
    }

    /**
     * Zeroed anonymous memory with transparent huge pages requested before it is first touched
     * (Linux; where the kernel refuses, ordinary pages), unmapped when {@code arena} closes.
     */
    static MemorySegment mapped(long bytes, Arena arena) {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      var ptr = ValueLayout.ADDRESS;
      var i32 = ValueLayout.JAVA_INT;
      var i64 = ValueLayout.JAVA_LONG;
      MethodHandle mmap =
          linker.downcallHandle(
              libc.findOrThrow("mmap"), FunctionDescriptor.of(ptr, ptr, i64, i32, i32, i32, i64));
      MethodHandle madvise =
          linker.downcallHandle(
              libc.findOrThrow("madvise"), FunctionDescriptor.of(i32, ptr, i64, i32));
      MethodHandle munmap =
          linker.downcallHandle(libc.findOrThrow("munmap"), FunctionDescriptor.of(i32, ptr, i64));
      try {
        // PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS
        MemorySegment p =
            (MemorySegment) mmap.invokeExact(MemorySegment.NULL, bytes, 3, 0x22, -1, 0L);
        if (p.address() == -1L) {
          throw new IllegalStateException("mmap of " + bytes + " bytes failed");
        }
        // MADV_HUGEPAGE; a kernel without transparent huge pages refuses, leaving ordinary pages.
        int ignored = (int) madvise.invokeExact(p, bytes, 14);
        return p.reinterpret(
            bytes,
            arena,
            s -> {
              try {
                if ((int) munmap.invokeExact(s, bytes) != 0) {
                  throw new IllegalStateException("munmap of " + bytes + " bytes failed");
                }
              } catch (Throwable e) {
                throw new IllegalStateException("munmap failed", e);
              }
            });
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("mapping " + bytes + " bytes failed", e);
      }
    }
  }
}
