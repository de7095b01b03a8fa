package io.memtrace.cli.bench;

import io.memtrace.index.ShardText;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** libsais through the foreign-function interface, over a native copy of the text. */
record Libsais(MethodHandle handle, String function, MemorySegment text, int n, int k) {
  static Libsais load(Path library, Arena arena, ShardText text, int k, boolean wide) {
    SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
    Linker linker = Linker.nativeLinker();
    var i32 = ValueLayout.JAVA_INT;
    var ptr = ValueLayout.ADDRESS;
    int n = text.length();
    if (!wide && k <= 1 << 16) {
      MemorySegment t = mapped(2L * n, arena);
      for (int i = 0; i < n; i++) t.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) text.at(i));
      // int32_t libsais16_omp(const uint16_t *T, int32_t *SA, int32_t n, int32_t fs,
      //                       int32_t *freq, int32_t threads)
      MethodHandle h =
          linker.downcallHandle(
              lookup.findOrThrow("libsais16_omp"),
              FunctionDescriptor.of(i32, ptr, ptr, i32, i32, ptr, i32));
      return new Libsais(h, "libsais16_omp", t, n, k);
    }
    MemorySegment t = mapped(4L * n, arena);
    for (int i = 0; i < n; i++) t.setAtIndex(ValueLayout.JAVA_INT, i, text.at(i));
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
