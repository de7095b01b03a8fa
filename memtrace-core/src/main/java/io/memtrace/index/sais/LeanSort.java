package io.memtrace.index.sais;

import java.util.Arrays;

/**
 * Sorts and names the LMS substrings with one bucket pointer per symbol, for levels whose alphabet
 * is too large for {@link NamingSort}'s eight: the recursion levels of ordinary text, where nearly
 * every LMS substring is distinct and the names run into the millions.
 *
 * <p>The LMS suffixes are put at the ends of their buckets in text order and the two induced passes
 * run over the whole array (the sais-lite scheme, with libsais's clearing: a pass zeroes the
 * entries it induces from, so afterwards only the LMS suffixes, marked negative, remain). Names
 * then come from comparing each LMS substring with the one before it in sorted order, using the
 * substring lengths parked at {@code sa[m + p/2]}.
 *
 * <p>Bucket pointers live at {@code b[bo, bo + k)}; with {@code co >= 0} the symbol counts are kept
 * at {@code cnt[co, co + k)} ({@code cnt} may be {@code b}), otherwise every reset counts the text
 * again.
 */
final class LeanSort {
  private static final int MIN = Integer.MIN_VALUE;
  private static final int MAX = Integer.MAX_VALUE;

  private LeanSort() {}

  /** Sets {@code b[bo + c]} to the start ({@code !ends}) or the end of bucket {@code c}. */
  static void pointers(
      Text t, int n, int k, int[] b, int bo, int[] cnt, int co, boolean ends, Team team) {
    int[] counts = cnt;
    int from = co;
    if (co < 0) {
      TypeScan.countSymbols(t, n, k, b, bo, team);
      counts = b;
      from = bo;
    }
    int sum = 0;
    for (int c = 0; c < k; c++) {
      int count = counts[from + c];
      sum += count;
      b[bo + c] = ends ? sum : sum - count;
    }
  }

  /**
   * Puts every LMS position at the end of its bucket, in text order; {@code b[bo, bo + k)} must
   * hold the bucket ends and {@code sa[0, n)} zeros. The team splits the symbols: each member scans
   * the whole text (sequential, cheap) and places the LMS positions of its symbols (random writes,
   * the cost).
   *
   * @return the number of LMS positions
   */
  static int placeLms(Text t, int n, int k, int[] sa, int[] b, int bo, Workspace ws) {
    Team team = ws.team();
    // Below some blocks' worth the scan each member repeats outweighs the writes it shares.
    int parts = n < 64L * ws.minParallel() ? 1 : team.size();
    int[] placed = new int[parts];
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int lo = (int) ((long) k * i / parts);
            int span = (int) ((long) k * (i + 1) / parts) - lo;
            placed[i] = placeRange(t, n, sa, b, bo, lo, span);
          }
        });
    return Arrays.stream(placed).sum();
  }

  private static int placeRange(Text t, int n, int[] sa, int[] b, int bo, int lo, int span) {
    int m = 0;
    int c1 = t.at(n - 1);
    int f1 = 1;
    for (int p = n - 1; p >= 1; p--) {
      int c0 = t.at(p - 1);
      int f0 = c0 > c1 - f1 ? 1 : 0;
      if ((f0 & (f1 ^ 1)) != 0 && Integer.compareUnsigned(c1 - lo, span) < 0) {
        sa[--b[bo + c1]] = p;
        m++;
      }
      c1 = c0;
      f1 = f0;
    }
    return m;
  }

  /** The two induced passes; afterwards the LMS positions, sorted, are at {@code sa[0, m)}. */
  static void sort(
      Text t, int[] sa, int n, int k, int m, int[] b, int bo, int[] cnt, int co, Workspace ws) {
    pointers(t, n, k, b, bo, cnt, co, false, ws.team());
    int last = t.at(n - 1);
    sa[b[bo + last]++] = (n - 1) | (t.at(n - 2) < last ? MIN : 0);
    new Left(t, sa, b, bo).scan(0, n, true, ws);
    pointers(t, n, k, b, bo, cnt, co, true, ws.team());
    new Right(t, sa, b, bo).scan(0, n, false, ws);
    int w = 0;
    for (int i = 0; i < n; i++) {
      int e = sa[i];
      sa[w] = e & MAX;
      w += e >>> 31;
    }
    Arrays.fill(sa, m, n, 0);
  }

  /**
   * Marks, in the sorted LMS positions at {@code sa[0, m)}, the last of each run of equal LMS
   * substrings, and leaves each substring's length at {@code sa[m + p/2]} (the last one, which
   * reaches the end of the text, gets length 1: unique, as real ones have at least 3 symbols).
   */
  static void markDistinct(Text t, int[] sa, int n, int m, Team team) {
    TypeScan.gatherLms(t, n, m, sa, team);
    Arrays.fill(sa, m, n - m, 0);
    // Walking up, each length lands at or below the list entry just read: nothing unread is lost.
    for (int i = n - m; i < n - 1; i++) {
      int p = sa[i];
      sa[m + (p >>> 1)] = sa[i + 1] - p + 1;
    }
    sa[m + (sa[n - 1] >>> 1)] = 1;
    int parts = team.parts(m);
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int from = (int) ((long) m * i / parts);
            int to = (int) ((long) m * (i + 1) / parts);
            markRange(t, sa, m, from, to);
          }
        });
  }

  private static void markRange(Text t, int[] sa, int m, int from, int to) {
    int p = sa[from] & MAX;
    int len = sa[m + (p >>> 1)];
    int first = t.at(p);
    // The next entry may belong to another part, which only touches its sign bit. Each step
    // reads the next substring's length and first symbol together and carries them on: two
    // independent random reads, the symbols compared only when both agree.
    for (int i = from, end = Math.min(to, m - 1); i < end; i++) {
      int q = sa[i + 1] & MAX;
      int nextLen = sa[m + (q >>> 1)];
      int nextFirst = t.at(q);
      boolean last = (len ^ nextLen | first ^ nextFirst) != 0 || !equal(t, p, q, len);
      sa[i] = p | (last ? MIN : 0);
      p = q;
      len = nextLen;
      first = nextFirst;
    }
    if (to == m) {
      sa[m - 1] |= MIN;
    }
  }

  /** Whether {@code t[p, p + len)} and {@code t[q, q + len)} agree past their first symbols. */
  private static boolean equal(Text t, int p, int q, int len) {
    // Substrings are short: a plain loop beats the setup of a vectorized comparison.
    for (int d = 1; d < len; d++) {
      if (t.at(p + d) != t.at(q + d)) {
        return false;
      }
    }
    return true;
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
        sa[i] = p & MAX;
        if (p > 0) {
          sa[i] = 0;
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
        int c = -1;
        if (p > 0) {
          sa[start + j] = 0;
          int q = p - 1;
          c = t.at(q);
          val[j] = q | (t.at(q - (q > 0 ? 1 : 0)) < c ? MIN : 0);
        } else {
          sa[start + j] = p & MAX;
        }
        sym[j] = c;
      }
    }

    @Override
    int resolve(int start, int len, int[] sym, int[] val) {
      Text t = this.t;
      int[] b = this.b;
      int bo = this.bo, end = start + len;
      int out = 0;
      for (int j = 0; j < len; j++) {
        int c = sym[j];
        if (c >= 0) {
          int slot = b[bo + c]++;
          int x = val[j];
          if (slot < end) {
            int cc = -1;
            if (x > 0) {
              int q = x - 1;
              cc = t.at(q);
              val[slot - start] = q | (t.at(q - (q > 0 ? 1 : 0)) < cc ? MIN : 0);
              x = 0;
            }
            sym[slot - start] = cc;
            x &= MAX;
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
        if (p > 0) {
          sa[i] = 0;
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
        int c = -1;
        if (p > 0) {
          sa[start + j] = 0;
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
            int cc = -1;
            if (x > 0) {
              int q = x - 1;
              cc = t.at(q);
              val[slot - start] = q | (t.at(q - (q > 0 ? 1 : 0)) > cc ? MIN : 0);
              x = 0;
            }
            sym[slot - start] = cc;
          }
          sym[--out] = slot;
          val[out] = x;
        }
      }
      return len - out;
    }
  }
}
