package io.memtrace.index.sais;

import java.util.Arrays;

/**
 * Sorts the LMS substrings by induction and names them in the same two passes (libsais's scheme),
 * so no substring is ever compared symbol by symbol.
 *
 * <p>Positions are counted by category {@code cat = 2 type + predType}: 0 S after S, 1 LMS, 2 L
 * after S, 3 L after L. Only positions after the first LMS position take part (nothing before it
 * belongs to an LMS substring). The passes work on a compact layout:
 *
 * <ul>
 *   <li>left part {@code [0, L)}, per symbol: the L-after-L suffixes, then the LMS seeds (all LMS
 *       positions but the first). The left-to-right pass reads only this part: every entry in it
 *       induces an L-type suffix.
 *   <li>right part {@code [L + 1, R)}, per symbol: the L-after-S suffixes (placed by the first
 *       pass), then the S-after-S suffixes (placed by the second). The right-to-left pass reads
 *       only this part: every entry in it induces an S-type suffix.
 *   <li>the second pass puts the LMS suffixes, sorted, into {@code [0, m)}.
 * </ul>
 *
 * <p>Equal substrings form groups. The sign bit of an entry marks the first entry of its group in
 * the direction of the pass that reads it; a pass counts groups in {@code d}, and an induced entry
 * starts a group unless the entry placed before it in the same bucket was induced from the same
 * group. Between the passes the marks of the L-after-S entries are moved to the other end of their
 * groups; after the second pass the sign bit marks the last LMS suffix of each group.
 *
 * <p>Buckets: {@code b[4c + cat]} counts, {@code b[4k + 4c + 2 kind]} a bucket pointer and {@code
 * b[4k + 4c + 2 kind + 1]} the group its last entry came from ({@code 8k} ints in all).
 */
final class NamingSort {
  private static final int MIN = Integer.MIN_VALUE;
  private static final int MAX = Integer.MAX_VALUE;

  private NamingSort() {}

  /** Ints of bucket space for alphabet size {@code k}. */
  static long bucketInts(long k) {
    return 8 * k;
  }

  /**
   * Sorts and names the {@code m >= 2} LMS substrings whose positions are at {@code sa[n - m, n)};
   * {@code b[0, 4k)} holds the category counts of all positions and is left so. With {@code chunks}
   * (the chunks' own counts from {@link TypeScan#countCategories}, consumed), the team places the
   * seeds.
   */
  static void sort(
      Text t, int[] sa, int n, int k, int m, int[] b, int bo, int[][] chunks, Workspace ws) {
    int first = sa[n - m];
    addPrefix(t, first, b, bo, -1);
    int w = bo + 4 * k;
    int firstSymbol = t.at(first);

    int left = 0;
    for (int c = 0; c < k; c++) {
      int v = w + 4 * c;
      int seeds = b[bo + 4 * c + 1] - (c == firstSymbol ? 1 : 0);
      b[v + 2] = left;
      b[v + 3] = 0;
      left += b[bo + 4 * c + 3] + seeds;
      b[v + 1] = left;
    }
    int rightStart = left + 1;
    int right = rightStart;
    for (int c = 0; c < k; c++) {
      b[w + 4 * c] = right;
      right += b[bo + 4 * c + 2] + b[bo + 4 * c];
    }
    int rightEnd = right;

    // Seeds at the ends of their left-part regions (the left part ends before sa[n - m]).
    Arrays.fill(sa, 0, n - m, 0);
    if (chunks == null) {
      for (int i = n - m + 1; i < n; i++) {
        int p = sa[i];
        sa[--b[w + 4 * t.at(p) + 1]] = p;
      }
    } else {
      placeSeeds(t, sa, n, k, m, b, w, firstSymbol, chunks, ws.team());
    }
    Arrays.fill(sa, n - m, n, 0);
    // All seeds of one symbol are equal; the first of them starts a group.
    for (int c = 0; c < k; c++) {
      int v = w + 4 * c;
      if (b[bo + 4 * c + 1] - (c == firstSymbol ? 1 : 0) > 0) {
        sa[b[v + 1]] |= MIN;
      }
      b[v + 1] = 0;
    }

    // Suffix n - 1 comes first, induced from the end of the text, a group of its own.
    int d = 1;
    int last = t.at(n - 1);
    int v = w + 4 * last + (t.at(n - 2) >= last ? 2 : 0);
    sa[b[v]++] = (n - 1) | MIN;
    b[v + 1] = d;
    LeftPass l = new LeftPass(t, sa, b, w, d);
    l.scan(0, left, true, ws);
    d = l.d;

    for (int c = 0; c < k; c++) {
      int end = b[w + 4 * c];
      int count = b[bo + 4 * c + 2];
      if (count > 0) {
        reverseMarks(sa, end - count, end);
      }
    }

    int regionEnd = rightStart;
    int lms = 0;
    for (int c = 0; c < k; c++) {
      int u = w + 4 * c;
      regionEnd += b[bo + 4 * c + 2] + b[bo + 4 * c];
      lms += b[bo + 4 * c + 1];
      b[u] = regionEnd;
      b[u + 1] = 0;
      b[u + 2] = lms;
      b[u + 3] = 0;
    }
    new RightPass(t, sa, b, w, d).scan(rightStart, rightEnd, false, ws);
    addPrefix(t, first, b, bo, 1);
  }

  /**
   * The seeds placement above with the team: chunk {@code i}'s LMS positions are a run of the list
   * in text order, and its seeds go right below those of the chunks before it, so its bucket
   * pointers follow from the counts; they are kept in the chunk's own counts.
   */
  private static void placeSeeds(
      Text t,
      int[] sa,
      int n,
      int k,
      int m,
      int[] b,
      int w,
      int firstSymbol,
      int[][] chunks,
      Team team) {
    int parts = chunks.length;
    int[] from = new int[parts + 1];
    from[0] = n - m;
    int firstChunk = -1;
    for (int i = 0; i < parts; i++) {
      int count = 0;
      for (int c = 0; c < k; c++) {
        count += chunks[i][4 * c + 1];
      }
      from[i + 1] = from[i] + count;
      if (firstChunk < 0 && count > 0) {
        firstChunk = i;
      }
    }
    // The first LMS position, sa[n - m], is no seed.
    chunks[firstChunk][4 * firstSymbol + 1]--;
    for (int c = 0; c < k; c++) {
      int top = b[w + 4 * c + 1];
      for (int[] chunk : chunks) {
        int count = chunk[4 * c + 1];
        chunk[4 * c + 1] = top;
        top -= count;
      }
      b[w + 4 * c + 1] = top;
    }
    int skip = firstChunk;
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int[] ends = chunks[i];
            for (int j = from[i] + (i == skip ? 1 : 0); j < from[i + 1]; j++) {
              int p = sa[j];
              sa[--ends[4 * t.at(p) + 1]] = p;
            }
          }
        });
  }

  /** Adds {@code sign} to the counts of positions {@code [0, first)}, all before the first LMS. */
  private static void addPrefix(Text t, int first, int[] b, int bo, int sign) {
    int c1 = t.at(first - 1);
    int f1 = 1;
    for (int p = first - 1; p >= 1; p--) {
      int c0 = t.at(p - 1);
      int f0 = c0 > c1 - f1 ? 1 : 0;
      b[bo + (c1 << 2) + (f1 << 1) + f0] += sign;
      c1 = c0;
      f1 = f0;
    }
    b[bo + (c1 << 2) + (f1 << 1)] += sign;
  }

  /** Moves each group mark from the first entry of the group to its last one. */
  private static void reverseMarks(int[] sa, int from, int to) {
    int mark = MIN;
    for (int i = to - 1; i >= from; i--) {
      int e = sa[i];
      sa[i] = (e & MAX) | mark;
      mark = e & MIN;
    }
  }

  /** Left-to-right over the left part; kind 0 is L after S, 1 L after L. */
  private static final class LeftPass extends InducedScan {
    private final Text t;
    private final int[] sa;
    private final int[] b;
    private final int w;
    int d;

    LeftPass(Text t, int[] sa, int[] b, int w, int d) {
      this.t = t;
      this.sa = sa;
      this.b = b;
      this.w = w;
      this.d = d;
    }

    @Override
    void fused(int from, int to) {
      Text t = this.t;
      int[] sa = this.sa, b = this.b;
      int w = this.w, d = this.d;
      for (int i = from; i < to; i++) {
        int e = sa[i];
        d += e >>> 31;
        int q = (e & MAX) - 1;
        int c = t.at(q);
        int v = w + (c << 2) + (t.at(q - 1) >= c ? 2 : 0);
        int mark = b[v + 1] != d ? MIN : 0;
        b[v + 1] = d;
        sa[b[v]++] = q | mark;
      }
      this.d = d;
    }

    @Override
    void gather(int start, int lo, int hi, int[] sym, int[] val) {
      for (int j = lo; j < hi; j++) {
        int e = sa[start + j];
        if (e == 0) {
          sym[j] = -1;
        } else {
          int q = (e & MAX) - 1;
          sym[j] = bucket(q) | (e & MIN);
          val[j] = q;
        }
      }
    }

    private int bucket(int q) {
      int c = t.at(q);
      return (c << 2) + (t.at(q - 1) >= c ? 2 : 0);
    }

    @Override
    int resolve(int start, int len, int[] sym, int[] val) {
      int[] b = this.b;
      int w = this.w, d = this.d, end = start + len;
      int out = 0;
      for (int j = 0; j < len; j++) {
        int s = sym[j];
        if (s == -1) {
          continue;
        }
        d += s >>> 31;
        int v = w + (s & MAX);
        int x = val[j] | (b[v + 1] != d ? MIN : 0);
        b[v + 1] = d;
        int slot = b[v]++;
        if (slot < end) {
          int q = (x & MAX) - 1;
          sym[slot - start] = bucket(q) | (x & MIN);
          val[slot - start] = q;
        }
        sym[out] = slot;
        val[out++] = x;
      }
      this.d = d;
      return out;
    }
  }

  /** Right-to-left over the right part; kind 0 is S after S, 1 LMS. */
  private static final class RightPass extends InducedScan {
    private final Text t;
    private final int[] sa;
    private final int[] b;
    private final int w;
    private int d;

    RightPass(Text t, int[] sa, int[] b, int w, int d) {
      this.t = t;
      this.sa = sa;
      this.b = b;
      this.w = w;
      this.d = d;
    }

    @Override
    void fused(int from, int to) {
      Text t = this.t;
      int[] sa = this.sa, b = this.b;
      int w = this.w, d = this.d;
      for (int i = to - 1; i >= from; i--) {
        int e = sa[i];
        d += e >>> 31;
        int q = (e & MAX) - 1;
        int c = t.at(q);
        int v = w + (c << 2) + (t.at(q - 1) > c ? 2 : 0);
        int mark = b[v + 1] != d ? MIN : 0;
        b[v + 1] = d;
        sa[--b[v]] = q | mark;
      }
      this.d = d;
    }

    @Override
    void gather(int start, int lo, int hi, int[] sym, int[] val) {
      for (int j = lo; j < hi; j++) {
        int e = sa[start + j];
        if (e == 0) {
          sym[j] = -1;
        } else {
          int q = (e & MAX) - 1;
          sym[j] = bucket(q) | (e & MIN);
          val[j] = q;
        }
      }
    }

    private int bucket(int q) {
      int c = t.at(q);
      return (c << 2) + (t.at(q - 1) > c ? 2 : 0);
    }

    @Override
    int resolve(int start, int len, int[] sym, int[] val) {
      int[] b = this.b;
      int w = this.w, d = this.d;
      int out = len;
      for (int j = len - 1; j >= 0; j--) {
        int s = sym[j];
        if (s == -1) {
          continue;
        }
        d += s >>> 31;
        int v = w + (s & MAX);
        int x = val[j] | (b[v + 1] != d ? MIN : 0);
        b[v + 1] = d;
        int slot = --b[v];
        if (slot >= start) {
          int q = (x & MAX) - 1;
          sym[slot - start] = bucket(q) | (x & MIN);
          val[slot - start] = q;
        }
        sym[--out] = slot;
        val[out] = x;
      }
      this.d = d;
      return len - out;
    }
  }
}
