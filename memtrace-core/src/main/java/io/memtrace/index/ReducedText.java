package io.memtrace.index;

import java.util.Arrays;

/**
 * The reduced problem of SA-IS: the names of the LMS substrings in text order form a text of at
 * most half the length whose suffix array orders the LMS suffixes.
 *
 * <p>Everything happens inside the suffix array: since LMS positions are at least two apart, the
 * name of the substring at {@code p} can be parked in its slot {@code sa[m + p/2]}; the names are
 * then compacted, in text order, to the end of the free space, where the next level reads them.
 *
 * <p>Unique substrings are left out where they cannot matter (libsais's compaction): the LMS suffix
 * of a substring that occurs once already has its rank, its index in the sorted substrings; and a
 * comparison of two suffixes of the reduced text only reads on past equal names, which are never
 * unique, so a unique name whose predecessor in the text is unique too is never read by any other
 * comparison. Such names are removed from the reduced text, which the next level sorts in their
 * absence; their suffixes are put back at their ranks afterwards.
 *
 * <p>A slot holds the name in its low 30 bits, whether the substring is unique (later: removed) in
 * bit 30, and the sign bit, which tells slots from the rest of the area.
 */
final class ReducedText {
  private static final int MIN = Integer.MIN_VALUE;
  private static final int MAX = Integer.MAX_VALUE;
  private static final int NAME = (1 << 30) - 1;
  private static final int UNIQUE = 1 << 30;

  private ReducedText() {}

  /**
   * Names the LMS substrings whose positions are sorted at {@code sa[0, m)}, the sign bit marking
   * the last of each run of equal substrings: names count those runs from 0 and go to the slots
   * {@code sa[m + p/2]}. With {@code clear}, the slot area is zeroed first; otherwise it may hold
   * non-negative values elsewhere.
   *
   * @return the number of distinct substrings
   */
  static int rename(int[] sa, int n, int m, boolean clear, Team team) {
    if (clear) {
      int from = m;
      int to = m + n / 2;
      team.forRange(to - from, (lo, hi) -> Arrays.fill(sa, from + (int) lo, from + (int) hi, 0));
    }
    int parts = Math.min(team.size(), Math.max(1, m >> 16));
    int[] base = new int[parts + 1];
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            base[i + 1] = countMarks(sa, bound(m, i, parts), bound(m, i + 1, parts));
          }
        });
    for (int i = 0; i < parts; i++) {
      base[i + 1] += base[i];
    }
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int name = base[i];
            int from = bound(m, i, parts);
            // A substring is unique when it and the one sorted before it end their runs.
            int lastBefore = from == 0 ? 1 : sa[from - 1] >>> 31;
            for (int j = from, end = bound(m, i + 1, parts); j < end; j++) {
              int e = sa[j];
              int p = e & MAX;
              int last = e >>> 31;
              sa[m + (p >>> 1)] = MIN | (last & lastBefore) << 30 | name;
              name += last;
              lastBefore = last;
            }
          }
        });
    return base[parts];
  }

  /** The name in a slot written by {@link #rename}. */
  static int name(int slot) {
    return slot & NAME;
  }

  /** Drops the group marks of {@code sa[0, m)}, leaving the sorted LMS positions. */
  static void clearMarks(int[] sa, int m, Team team) {
    team.forRange(
        m,
        (lo, hi) -> {
          for (int i = (int) lo; i < hi; i++) {
            sa[i] &= MAX;
          }
        });
  }

  /**
   * Builds the reduced text from the slots {@link #rename} wrote: the names in text order at {@code
   * sa[to - (m - f), to)}, renumbered from 0 without the {@code f} removed ones, whose ranks go, in
   * text order, to {@code sa[to - m, to - m + f)}; the bits of their slots ({@code p/2}) are set in
   * {@code removed} (at least {@code n/128 + 1} words, all 0). Removes nothing when too few would
   * go to repay the extra pass.
   *
   * @return {@code f}
   */
  static int build(int[] sa, int n, int m, int to, long[] removed) {
    int f = markRemoved(sa, n, m, removed);
    if (f < m >> 4) {
      Arrays.fill(removed, 0);
      gather(sa, n, m, to);
      return 0;
    }
    renumber(sa, m, removed);
    int ranks = m - 1;
    int names = to - 1;
    // Branch-free, as in gather: both lists are written every step and advance only when taken.
    for (int s = m + n / 2 - 1; s >= m; s--) {
      int v = sa[s];
      int present = v >>> 31;
      int rank = present & (v >>> 30);
      sa[ranks] = v & NAME;
      sa[names] = v & NAME;
      ranks -= rank;
      names -= present ^ rank;
    }
    // The ranks went below the slots, into the sorted positions no longer needed.
    System.arraycopy(sa, m - f, sa, to - m, f);
    return f;
  }

  /**
   * Sets the bits of the removable slots: a unique substring whose predecessor in the text is
   * unique too.
   */
  private static int markRemoved(int[] sa, int n, int m, long[] removed) {
    int f = 0;
    int uniqueBefore = 0;
    for (int s = 0, end = n / 2; s < end; s++) {
      int v = sa[m + s];
      int present = v >>> 31;
      int unique = present & (v >>> 30);
      int remove = unique & uniqueBefore;
      uniqueBefore = unique | (uniqueBefore & (present ^ 1));
      removed[s >>> 6] |= (long) remove << s;
      f += remove;
    }
    return f;
  }

  /**
   * In sorted order: a removed slot gets its rank, a kept one its name renumbered past the removed
   * ones. Reads the marks and the bits, not the slots: a load from a slot would miss the cache.
   */
  private static void renumber(int[] sa, int m, long[] removed) {
    int f = 0;
    int name = 0;
    for (int i = 0; i < m; i++) {
      int e = sa[i];
      int s = (e & MAX) >>> 1;
      int remove = (int) (removed[s >>> 6] >>> s) & 1;
      sa[m + s] = remove != 0 ? MIN | UNIQUE | i : MIN | (name - f);
      f += remove;
      name += e >>> 31;
    }
  }

  /** Moves the names to {@code sa[to - m, to)} in text order, for the next level to sort. */
  private static void gather(int[] sa, int n, int m, int to) {
    int w = to - 1;
    // Walking down, the write position never falls below the read position, and writing every
    // entry while advancing only past names avoids an unpredictable branch.
    for (int s = m + n / 2 - 1; s >= m; s--) {
      int v = sa[s];
      sa[w] = v & NAME;
      w -= v >>> 31;
    }
  }

  /**
   * Turns the suffix array of the reduced text at {@code sa[0, m - f)} into the sorted LMS
   * positions at {@code sa[0, m)}: the kept LMS positions are gathered in text order to {@code sa[n
   * - (m - f), n)} and looked up, and the removed ones go back to their ranks, kept at {@code sa[to
   * - m, to - m + f)} by {@link #build}.
   */
  static void reconstruct(
      int[] t, int o, int[] sa, int n, int m, int f, int to, long[] removed, Team team) {
    int kept = m - f;
    int base = n - kept;
    if (f > 0) {
      System.arraycopy(sa, to - m, sa, n - m, f);
    }
    TypeScan.gatherLms(t, o, n, kept, sa, f > 0 ? removed : null, team);
    team.forRange(
        kept,
        (lo, hi) -> {
          for (int i = (int) lo; i < hi; i++) {
            sa[i] = sa[base + sa[i]];
          }
        });
    if (f == 0) {
      return;
    }
    System.arraycopy(sa, 0, sa, base, kept);
    Arrays.fill(sa, 0, m, 0);
    int r = n - m;
    for (int w = 0; w < removed.length; w++) {
      for (long bits = removed[w]; bits != 0; bits &= bits - 1) {
        // Of p = 2s and 2s + 1 only one is an LMS position, and 2s + 1 only if 2s is L-type.
        int p = 2 * ((w << 6) + Long.numberOfTrailingZeros(bits));
        p += t[o + p] > t[o + p + 1] ? 1 : 0;
        sa[sa[r++]] = p;
      }
    }
    // Position 0 is never an LMS position, so 0 marks the slots left to the kept suffixes.
    for (int i = 0, j = base; i < m; i++) {
      if (sa[i] == 0) {
        sa[i] = sa[j++];
      }
    }
  }

  private static int countMarks(int[] sa, int from, int to) {
    int marks = 0;
    for (int i = from; i < to; i++) {
      marks += sa[i] >>> 31;
    }
    return marks;
  }

  private static int bound(int m, int part, int parts) {
    return (int) ((long) m * part / parts);
  }
}
