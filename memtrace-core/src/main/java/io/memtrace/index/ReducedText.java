package io.memtrace.index;

import java.util.Arrays;

/**
 * The reduced problem of SA-IS: the names of the LMS substrings in text order form a text of at
 * most half the length whose suffix array orders the LMS suffixes.
 *
 * <p>Everything happens inside the suffix array: since LMS positions are at least two apart, the
 * name of the substring at {@code p} can be parked at {@code sa[m + p/2]}; the names are then
 * compacted, in text order, to the end of the free space, where the next level reads them.
 */
final class ReducedText {
  private static final int MIN = Integer.MIN_VALUE;
  private static final int MAX = Integer.MAX_VALUE;

  private ReducedText() {}

  /**
   * Names the LMS substrings whose positions are sorted at {@code sa[0, m)}, the sign bit marking
   * the last of each run of equal substrings: names count those runs from 0 and are stored, sign
   * set, at {@code sa[m + p/2]}. With {@code clear}, that area is zeroed first; otherwise it may
   * hold non-negative values elsewhere.
   *
   * @return the number of distinct substrings
   */
  static int rename(int[] sa, int n, int m, boolean clear, Team team) {
    if (clear) {
      int from = m;
      int to = m + (n + 1) / 2;
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
            for (int j = bound(m, i, parts), end = bound(m, i + 1, parts); j < end; j++) {
              int e = sa[j];
              sa[m + ((e & MAX) >>> 1)] = name | MIN;
              name += e >>> 31;
            }
          }
        });
    return base[parts];
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

  /** Moves the names to {@code sa[to - m, to)} in text order, for the next level to sort. */
  static void gather(int[] sa, int n, int m, int to) {
    int w = to - 1;
    // Walking down, the write position never falls below the read position, and writing every
    // entry while advancing only past names avoids an unpredictable branch.
    for (int i = m + (n - 1) / 2; i >= m; i--) {
      int e = sa[i];
      sa[w] = e & MAX;
      w -= e >>> 31;
    }
  }

  /**
   * Turns the suffix array of the reduced text at {@code sa[0, m)} into the sorted LMS positions:
   * the LMS positions are gathered in text order to {@code sa[n - m, n)} and looked up.
   */
  static void reconstruct(int[] t, int o, int[] sa, int n, int m, Team team) {
    TypeScan.gatherLms(t, o, n, m, sa, team);
    int base = n - m;
    team.forRange(
        m,
        (lo, hi) -> {
          for (int i = (int) lo; i < hi; i++) {
            sa[i] = sa[base + sa[i]];
          }
        });
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
