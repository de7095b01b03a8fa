package io.memtrace.index;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Advice to the operating system about the pages of index files, through the C library (Linux;
 * elsewhere every call does nothing): {@code madvise(MADV_RANDOM)} on a mapping read at random
 * places, so a page fault reads one page instead of a read-ahead window, and {@code
 * posix_fadvise(POSIX_FADV_DONTNEED)} to drop a file's clean pages from the page cache (no root
 * needed), which benchmarks use to time queries on an index that is not in memory.
 */
public final class PageAdvice {
  private static final int MADV_RANDOM = 1;
  private static final int MADV_DONTNEED = 4;
  private static final int POSIX_FADV_DONTNEED = 4;
  private static final int O_RDONLY = 0;
  private static final long PAGE = 4096;

  private static final MethodHandle MADVISE;
  private static final MethodHandle FADVISE;
  private static final MethodHandle OPEN;
  private static final MethodHandle CLOSE;

  static {
    MethodHandle madvise = null;
    MethodHandle fadvise = null;
    MethodHandle open = null;
    MethodHandle close = null;
    if (System.getProperty("os.name", "").startsWith("Linux")) {
      Linker linker = Linker.nativeLinker();
      var libc = linker.defaultLookup();
      var i = ValueLayout.JAVA_INT;
      var l = ValueLayout.JAVA_LONG;
      madvise = find(linker, libc, "madvise", FunctionDescriptor.of(i, ValueLayout.ADDRESS, l, i));
      fadvise = find(linker, libc, "posix_fadvise", FunctionDescriptor.of(i, i, l, l, i));
      open = find(linker, libc, "open", FunctionDescriptor.of(i, ValueLayout.ADDRESS, i));
      close = find(linker, libc, "close", FunctionDescriptor.of(i, i));
    }
    MADVISE = madvise;
    FADVISE = fadvise;
    OPEN = open;
    CLOSE = close;
  }

  private PageAdvice() {}

  private static MethodHandle find(
      Linker linker,
      java.lang.foreign.SymbolLookup lookup,
      String name,
      FunctionDescriptor descriptor) {
    Optional<MemorySegment> symbol = lookup.find(name);
    return symbol.map(s -> linker.downcallHandle(s, descriptor)).orElse(null);
  }

  /** Advises random access on the pages of {@code mapping}; false where that is not possible. */
  static boolean random(MemorySegment mapping) {
    return madvise(mapping, MADV_RANDOM);
  }

  /**
   * Evicts every file of {@code index} from the page cache, its mappings in this process first
   * (their pages are read again from disk at the next touch); false where that is not possible.
   */
  public static boolean evict(IndexReader index) throws IOException {
    boolean all = true;
    for (Shard shard : index.shards()) {
      for (IndexFile file : shard.files()) all &= madvise(file.mapped(), MADV_DONTNEED);
    }
    for (Path file : index.files()) all &= evict(file);
    return all;
  }

  private static boolean madvise(MemorySegment mapping, int advice) {
    if (MADVISE == null || mapping.byteSize() == 0) return false;
    long address = mapping.address();
    long start = address & -PAGE;
    long length = address + mapping.byteSize() - start;
    try {
      return (int) MADVISE.invokeExact(MemorySegment.ofAddress(start), length, advice) == 0;
    } catch (Throwable e) {
      throw new IllegalStateException("madvise failed", e);
    }
  }

  /**
   * Drops the clean pages of {@code file} from the page cache, except those some process has
   * mapped; false where that is not possible.
   */
  public static boolean evict(Path file) throws IOException {
    if (FADVISE == null || OPEN == null) return false;
    try (Arena arena = Arena.ofConfined()) {
      int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY);
      if (fd < 0) throw new IOException(file + ": cannot open to drop its pages");
      try {
        return (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED) == 0;
      } finally {
        int ignored = (int) CLOSE.invokeExact(fd);
      }
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("posix_fadvise failed", e);
    }
  }

  /** Physical memory in bytes ({@code MemTotal} of {@code /proc/meminfo}); unbounded if unknown. */
  public static long physicalMemory() {
    return PhysicalMemory.BYTES;
  }

  private static final class PhysicalMemory {
    static final long BYTES = read();

    private static long read() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
          if (line.startsWith("MemTotal:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | NumberFormatException e) {
        // not Linux: no advice
      }
      return Long.MAX_VALUE;
    }
  }
}
