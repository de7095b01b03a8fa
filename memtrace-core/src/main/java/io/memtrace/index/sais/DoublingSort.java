package io.memtrace.index.sais;

/**
 * Prefix doubling in place (Larsson and Sadakane's qsufsort, 2007), for a recursion level whose
 * alphabet is too large for the room its bucket pointers may take: it needs no memory but the
 * suffix array and the text, which it turns into the inverse suffix array. {@code O(n log n)}
 * expected, and single-threaded; only texts crowded with distinct LMS substrings reach it.
 *
 * <p>{@code I = sa[0, n)} holds the suffixes, {@code V = sa[v, v + n)} the text and then each
 * suffix's group: the index in {@code I} of the last suffix with the same first {@code h} symbols.
 * A run of {@code len} suffixes already in place starts with {@code -len} in {@code I}. A suffix
 * that runs out before {@code h} symbols sorts first (no sentinel).
 */
final class DoublingSort {
  private final int[] a;
  private final int v;
  private final int n;
  private int h;

  private DoublingSort(int[] a, int v, int n) {
    this.a = a;
    this.v = v;
    this.n = n;
  }

  /** Sorts the suffixes of {@code sa[v, v + n)} (overwritten) into {@code sa[0, n)}. */
  static void sort(int[] sa, int v, int n) {
    DoublingSort s = new DoublingSort(sa, v, n);
    for (int i = 0; i < n; i++) {
      sa[i] = i;
    }
    // By first symbol: the keys are the symbols themselves, each replaced by its group only when
    // its group is final, so every key read is still a symbol.
    s.h = 0;
    s.split(0, n);
    for (s.h = 1; n > 0 && sa[0] > -n; s.h *= 2) {
      int i = 0;
      int sorted = 0;
      while (i < n) {
        int e = sa[i];
        if (e < 0) {
          i -= e;
          sorted -= e;
        } else {
          if (sorted > 0) {
            sa[i - sorted] = -sorted;
            sorted = 0;
          }
          int end = sa[v + e] + 1;
          s.split(i, end);
          i = end;
        }
      }
      if (sorted > 0) {
        sa[i - sorted] = -sorted;
      }
    }
    for (int i = 0; i < n; i++) {
      sa[sa[v + i]] = i;
    }
  }

  /** Sort key of suffix {@code s}: the group {@code h} symbols on, or -1 past the end. */
  private int key(int s) {
    return s + h < n ? a[v + s + h] : -1;
  }

  /**
   * Ternary-split quicksort of {@code I[from, to)} by key, then the groups it forms, in order: the
   * smaller keys first, so that no suffix of the group gets a new number before every suffix below
   * it has its own (qsufsort's order; a group numbered early would rank below them).
   */
  private void split(int from, int to) {
    while (to - from > 1) {
      int pivot = key(a[from + (to - from) / 2]);
      // [from, lt) less, [lt, gt) equal, [gt, to) greater.
      int lt = from;
      int i = from;
      int gt = to;
      while (i < gt) {
        int s = a[i];
        int c = Integer.compare(key(s), pivot);
        if (c < 0) {
          a[i++] = a[lt];
          a[lt++] = s;
        } else if (c > 0) {
          a[i] = a[--gt];
          a[gt] = s;
        } else {
          i++;
        }
      }
      split(from, lt);
      group(lt, gt);
      from = gt;
    }
    if (to - from == 1) {
      group(from, to);
    }
  }

  /** Makes {@code I[from, to)} a group: its number is {@code to - 1}; alone, it is in place. */
  private void group(int from, int to) {
    for (int i = from; i < to; i++) {
      a[v + a[i]] = to - 1;
    }
    if (to - from == 1) {
      a[from] = -1;
    }
  }
}
