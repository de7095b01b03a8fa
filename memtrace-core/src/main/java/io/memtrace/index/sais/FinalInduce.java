package io.memtrace.index.sais;

import java.util.Arrays;

/**
 * The last step of SA-IS: with the LMS suffixes in their final order at the ends of their buckets,
 * one left-to-right pass induces every L-type suffix and one right-to-left pass every S-type
 * suffix.
 *
 * <p>The type of the suffix an entry will induce is decided when the entry is stored, from the
 * symbol before it, and kept in the sign bit (as in sais-lite and libsais), so no type array is
 * needed: in the left-to-right pass a negative entry is an L-type suffix preceded by an S-type one,
 * which that pass must not induce from; the pass flips every sign so that exactly those entries are
 * positive for the right-to-left pass, which in turn marks the LMS suffixes it places and clears
 * all signs.
 */
final class FinalInduce {
  private static final int MIN = Integer.MIN_VALUE;
  private static final int MAX = Integer.MAX_VALUE;

  private FinalInduce() {}

  /**
   * Moves the {@code m} sorted LMS suffixes at {@code sa[0, m)} to the ends of their buckets and
   * clears the rest of {@code sa[0, n)}; {@code lmsCount[lo + 4c]} is the number of LMS suffixes
   * starting with {@code c} and {@code ends[eo + c]} the end of bucket {@code c}.
   */
  static void placeByCounts(
      int[] sa, int n, int m, int k, int[] lmsCount, int lo, int[] ends, int eo) {
    int free = n;
    for (int c = k - 1; c >= 0 && m > 0; c--) {
      int l = lmsCount[lo + 4 * c];
      if (l > 0) {
        int end = ends[eo + c];
        Arrays.fill(sa, end, free, 0);
        free = end - l;
        m -= l;
        System.arraycopy(sa, m, sa, free, l);
      }
    }
    Arrays.fill(sa, 0, free, 0);
  }

  /**
   * As {@link #placeByCounts}, finding each suffix's bucket from its first symbol; {@code ends[eo +
   * c]} is consumed (it ends at the first LMS slot of each bucket). With {@code spare >= 0}, {@code
   * sa[spare, spare + m)} is free: the team reads the first symbols there first, in parallel (they
   * are random reads of the text; the moves are not, the symbols rising with the suffixes).
   */
  static void placeBySymbol(
      Text t, int[] sa, int n, int m, int[] ends, int eo, int spare, Team team) {
    if (spare >= 0) {
      team.forRange(
          m,
          (lo, hi) -> {
            for (int i = (int) lo; i < hi; i++) {
              sa[spare + i] = t.at(sa[i]);
            }
          });
    }
    Arrays.fill(sa, m, n, 0);
    // Every LMS suffix moves right (at least as many suffixes precede it as LMS suffixes do), so
    // walking down from the largest never overwrites one not yet moved.
    for (int i = m - 1; i >= 0; i--) {
      int p = sa[i];
      sa[i] = 0;
      sa[--ends[eo + (spare >= 0 ? sa[spare + i] : t.at(p))]] = p;
    }
  }

  /** Left-to-right pass; {@code heads[ho + c]} is the start of bucket {@code c}. */
  static void induceL(Text t, int[] sa, int n, int[] heads, int ho, Workspace ws) {
    int last = t.at(n - 1);
    sa[heads[ho + last]++] = (n - 1) | (t.at(n - 2) < last ? MIN : 0);
    new Left(t, sa, heads, ho).scan(0, n, true, ws);
  }

  /** Right-to-left pass; {@code tails[to + c]} is the end of bucket {@code c}. */
  static void induceS(Text t, int[] sa, int n, int[] tails, int to, Workspace ws) {
    new Right(t, sa, tails, to).scan(0, n, false, ws);
  }

  private static final class Left extends InducedScan {
    private final Text t;
    private final int[] sa;
    private final int[] b;
    private final int bo;

    Left(Text t, int[] sa, int[] b, int bo) {
      this.t = t;
      this.sa = sa;
      this.b = b;
      this.bo = bo;
    }

    @Override
    void fused(int from, int to) {
      Text t = this.t;
      int[] sa = this.sa, b = this.b;
      int bo = this.bo;
      for (int i = from; i < to; i++) {
        int p = sa[i];
        sa[i] = p ^ MIN;
        if (p > 0) {
          int q = p - 1;
          int c = t.at(q);
          sa[b[bo + c]++] = q | (t.at(q - (q > 0 ? 1 : 0)) < c ? MIN : 0);
        }
      }
    }

    @Override
    void gather(int start, int lo, int hi, int[] sym, int[] val) {
      Text t = this.t;
      int[] sa = this.sa;
      for (int j = lo; j < hi; j++) {
        int p = sa[start + j];
        sa[start + j] = p ^ MIN;
        int c = -1;
        if (p > 0) {
          int q = p - 1;
          c = t.at(q);
          val[j] = q | (t.at(q - (q > 0 ? 1 : 0)) < c ? MIN : 0);
        }
        sym[j] = c;
      }
    }

    @Override
    int resolve(int start, int len, int[] sym, int[] val) {
      Text t = this.t;
      int[] b = this.b;
      int bo = this.bo;
      int end = start + len;
      int out = 0;
      for (int j = 0; j < len; j++) {
        int c = sym[j];
        if (c >= 0) {
          int slot = b[bo + c]++;
          int x = val[j];
          if (slot < end) {
            int jj = slot - start;
            int cc = -1;
            if (x > 0) {
              int q = x - 1;
              cc = t.at(q);
              val[jj] = q | (t.at(q - (q > 0 ? 1 : 0)) < cc ? MIN : 0);
            }
            sym[jj] = cc;
            x ^= MIN;
          }
          sym[out] = slot;
          val[out++] = x;
        }
      }
      return out;
    }
  }

  private static final class Right extends InducedScan {
    private final Text t;
    private final int[] sa;
    private final int[] b;
    private final int bo;

    Right(Text t, int[] sa, int[] b, int bo) {
      this.t = t;
      this.sa = sa;
      this.b = b;
      this.bo = bo;
    }

    @Override
    void fused(int from, int to) {
      Text t = this.t;
      int[] sa = this.sa, b = this.b;
      int bo = this.bo;
      for (int i = to - 1; i >= from; i--) {
        int p = sa[i];
        sa[i] = p & MAX;
        if (p > 0) {
          int q = p - 1;
          int c = t.at(q);
          sa[--b[bo + c]] = q | (t.at(q - (q > 0 ? 1 : 0)) > c ? MIN : 0);
        }
      }
    }

    @Override
    void gather(int start, int lo, int hi, int[] sym, int[] val) {
      Text t = this.t;
      int[] sa = this.sa;
      for (int j = lo; j < hi; j++) {
        int p = sa[start + j];
        sa[start + j] = p & MAX;
        int c = -1;
        if (p > 0) {
          int q = p - 1;
          c = t.at(q);
          val[j] = q | (t.at(q - (q > 0 ? 1 : 0)) > c ? MIN : 0);
        }
        sym[j] = c;
      }
    }

    @Override
    int resolve(int start, int len, int[] sym, int[] val) {
      Text t = this.t;
      int[] b = this.b;
      int bo = this.bo;
      int out = len;
      for (int j = len - 1; j >= 0; j--) {
        int c = sym[j];
        if (c >= 0) {
          int slot = --b[bo + c];
          int x = val[j];
          if (slot >= start) {
            int jj = slot - start;
            int cc = -1;
            if (x > 0) {
              int q = x - 1;
              cc = t.at(q);
              val[jj] = q | (t.at(q - (q > 0 ? 1 : 0)) > cc ? MIN : 0);
            }
            sym[jj] = cc;
            x &= MAX;
          }
          sym[--out] = slot;
          val[out] = x;
        }
      }
      return len - out;
    }
  }
}
