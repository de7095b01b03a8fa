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
    int[] base =
        team.starts(parts, 0, i -> countMarks(sa, bound(m, i, parts), bound(m, i + 1, parts)));
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
  static int build(int[] sa, int n, int m, int to, long[] removed, Team team) {
    int f = markRemoved(sa, n, m, removed, team);
    if (f < m >> 4) {
      Arrays.fill(removed, 0);
      gather(sa, n, m, to);
      return 0;
    }
    renumber(sa, m, removed, team);
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
   * unique too. The team splits the slots at whole words of bits.
   */
  private static int markRemoved(int[] sa, int n, int m, long[] removed, Team team) {
    int slots = n / 2;
    int parts = Math.min(team.size(), Math.max(1, slots >> 16));
    int[] count = new int[parts];
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int from = bound(slots >> 6, i, parts) << 6;
            int to = i + 1 == parts ? slots : bound(slots >> 6, i + 1, parts) << 6;
            count[i] = markRange(sa, m, from, to, removed);
          }
        });
    return Arrays.stream(count).sum();
  }

  private static int markRange(int[] sa, int m, int from, int to, long[] removed) {
    int uniqueBefore = 0;
    for (int s = from - 1; s >= 0; s--) {
      int v = sa[m + s];
      if (v < 0) {
        uniqueBefore = (v >>> 30) & 1;
        break;
      }
    }
    int f = 0;
    for (int s = from; s < to; s++) {
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
   * ones. Reads the marks and the bits, not the slots: a load from a slot would miss the cache. The
   * team splits the sorted order, each part first counting its names and removed slots.
   */
  private static void renumber(int[] sa, int m, long[] removed, Team team) {
    int parts = Math.min(team.size(), Math.max(1, m >> 16));
    int[] names = new int[parts + 1];
    int[] gone = new int[parts + 1];
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int marks = 0;
            int f = 0;
            for (int j = bound(m, i, parts), end = bound(m, i + 1, parts); j < end; j++) {
              int e = sa[j];
              int s = (e & MAX) >>> 1;
              f += (int) (removed[s >>> 6] >>> s) & 1;
              marks += e >>> 31;
            }
            names[i + 1] = marks;
            gone[i + 1] = f;
          }
        });
    for (int i = 0; i < parts; i++) {
      names[i + 1] += names[i];
      gone[i + 1] += gone[i];
    }
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int name = names[i];
            int f = gone[i];
            for (int j = bound(m, i, parts), end = bound(m, i + 1, parts); j < end; j++) {
              int e = sa[j];
              int s = (e & MAX) >>> 1;
              int remove = (int) (removed[s >>> 6] >>> s) & 1;
              sa[m + s] = remove != 0 ? MIN | UNIQUE | j : MIN | (name - f);
              f += remove;
              name += e >>> 31;
            }
          }
        });
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
      int[] t,
      int o,
      int[] sa,
      int n,
      int m,
      int f,
      int to,
      long[] removed,
      int[] perChunk,
      Team team) {
    int kept = m - f;
    int base = n - kept;
    if (f > 0) {
      System.arraycopy(sa, to - m, sa, n - m, f);
    }
    TypeScan.gatherLms(t, o, n, kept, sa, perChunk, f > 0 ? removed : null, team);
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
    putBackRemoved(t, o, sa, n, m, removed, team);
    fillGaps(sa, n, m, base, team);
  }

  /**
   * Puts each removed suffix at its rank, the ranks being at {@code sa[n - m, ...)} in text order;
   * the team splits the bits, each part starting at the ranks of the bits before it.
   */
  private static void putBackRemoved(
      int[] t, int o, int[] sa, int n, int m, long[] removed, Team team) {
    int words = removed.length;
    int parts = Math.min(team.size(), Math.max(1, words >> 10));
    int[] first =
        team.starts(
            parts,
            n - m,
            i -> {
              int bits = 0;
              for (int w = bound(words, i, parts), end = bound(words, i + 1, parts); w < end; w++) {
                bits += Long.bitCount(removed[w]);
              }
              return bits;
            });
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int r = first[i];
            for (int w = bound(words, i, parts), end = bound(words, i + 1, parts); w < end; w++) {
              for (long bits = removed[w]; bits != 0; bits &= bits - 1) {
                // Of p = 2s and 2s + 1 only one is an LMS position, and 2s + 1 only if 2s is
                // L-type.
                int p = 2 * ((w << 6) + Long.numberOfTrailingZeros(bits));
                p += t[o + p] > t[o + p + 1] ? 1 : 0;
                sa[sa[r++]] = p;
              }
            }
          }
        });
  }

  /**
   * Fills the slots of {@code sa[0, m)} left at 0 (position 0 is never an LMS position) with the
   * sorted kept suffixes at {@code sa[base, n)}, in order; each part starts past the kept suffixes
   * of the parts before it.
   */
  private static void fillGaps(int[] sa, int n, int m, int base, Team team) {
    int gaps = Math.min(team.size(), Math.max(1, m >> 16));
    int[] next =
        team.starts(
            gaps,
            base,
            i -> {
              int zeros = 0;
              for (int j = bound(m, i, gaps), end = bound(m, i + 1, gaps); j < end; j++) {
                zeros += ((sa[j] | -sa[j]) >>> 31) ^ 1;
              }
              return zeros;
            });
    team.run(
        (part, size) -> {
          for (int i = part; i < gaps; i += size) {
            int k = next[i];
            for (int j = bound(m, i, gaps), end = bound(m, i + 1, gaps); j < end; j++) {
              int v = sa[j];
              int gap = ((v | -v) >>> 31) ^ 1;
              // Past the last gap k reaches n: read within the array, use nothing.
              sa[j] = v | (sa[Math.min(k, n - 1)] & -gap);
              k += gap;
            }
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
