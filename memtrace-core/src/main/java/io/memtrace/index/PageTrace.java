package io.memtrace.index;

import java.util.Arrays;

/**
 * The distinct 4 KiB pages of index files that reads touched since the last {@link #reset}: the I/O
 * a query would cost on an index whose pages are not in memory. Only for benchmarks: an index
 * opened with a trace records every read of a shard's tokens, suffix array and LCP file here (the
 * in-memory sample is not a file and costs no page).
 *
 * <p>Threading: one thread at a time.
 */
public final class PageTrace {
  static final int PAGE_SHIFT = 12;

  private long[] pages = new long[64];
  private int size;

  /** Forgets the pages touched so far. */
  public void reset() {
    Arrays.fill(pages, 0);
    size = 0;
  }

  /** Distinct pages touched since the last reset. */
  public int pages() {
    return size;
  }

  /** Records a read of body byte {@code at} of {@code file}. */
  void read(IndexFile file, long at) {
    long page = (file.bodyOffset() + at) >>> PAGE_SHIFT;
    add((long) System.identityHashCode(file) << 36 ^ page ^ 1L << 62);
  }

  /** Records reads of body bytes {@code [from, to)} of {@code file}. */
  void read(IndexFile file, long from, long to) {
    for (long page = (file.bodyOffset() + from) >>> PAGE_SHIFT;
        page <= (file.bodyOffset() + Math.max(from, to - 1)) >>> PAGE_SHIFT;
        page++) {
      add((long) System.identityHashCode(file) << 36 ^ page ^ 1L << 62);
    }
  }

  private void add(long key) {
    if (2 * (size + 1) > pages.length) grow();
    int mask = pages.length - 1;
    for (int i = (int) mix(key) & mask; ; i = (i + 1) & mask) {
      if (pages[i] == key) return;
      if (pages[i] == 0) {
        pages[i] = key;
        size++;
        return;
      }
    }
  }

  private void grow() {
    long[] old = pages;
    pages = new long[old.length * 2];
    size = 0;
    for (long k : old) if (k != 0) add(k);
  }

  private static long mix(long k) {
    k *= 0x9E3779B97F4A7C15L;
    return k ^ k >>> 29;
  }
}
