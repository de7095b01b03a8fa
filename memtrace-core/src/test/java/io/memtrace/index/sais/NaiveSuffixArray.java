package io.memtrace.index.sais;

import java.util.Arrays;
import java.util.stream.IntStream;

/** Reference suffix arrays that are obviously right: plain sorting and prefix doubling. */
final class NaiveSuffixArray {
  private NaiveSuffixArray() {}

  /** Sorts the suffixes with a symbol-by-symbol comparator; for texts up to a few thousand. */
  static int[] bySorting(int[] t) {
    return IntStream.range(0, t.length)
        .boxed()
        .sorted((a, b) -> compareSuffixes(t, a, b))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static int compareSuffixes(int[] t, int a, int b) {
    int mismatch = Arrays.mismatch(t, a, t.length, t, b, t.length);
    if (mismatch < 0) {
      return 0;
    }
    if (a + mismatch == t.length || b + mismatch == t.length) {
      return a + mismatch == t.length ? -1 : 1;
    }
    return Integer.compare(t[a + mismatch], t[b + mismatch]);
  }

  /**
   * Prefix doubling (Manber and Myers): ranks by the first {@code 2h} symbols from the ranks by the
   * first {@code h}, each round one sort of packed (rank, next rank, position) keys; for texts
   * below 2^21 symbols over alphabets below 2^21.
   */
  static int[] byDoubling(int[] t) {
    int n = t.length;
    if (n >= 1 << 21) {
      throw new IllegalArgumentException("text too long for packed keys: " + n);
    }
    int[] rank = t.clone();
    int[] sa = new int[n];
    long[] keys = new long[n];
    for (int h = 1; ; h *= 2) {
      for (int i = 0; i < n; i++) {
        long next = i + h < n ? rank[i + h] + 1L : 0;
        keys[i] = ((long) rank[i] << 42) | (next << 21) | i;
      }
      Arrays.sort(keys);
      int[] next = new int[n];
      int r = 0;
      for (int j = 0; j < n; j++) {
        sa[j] = (int) (keys[j] & ((1 << 21) - 1));
        if (j > 0 && (keys[j] >>> 21) != (keys[j - 1] >>> 21)) {
          r++;
        }
        next[sa[j]] = r;
      }
      rank = next;
      if (r == n - 1 || n == 0) {
        return sa;
      }
    }
  }
}
