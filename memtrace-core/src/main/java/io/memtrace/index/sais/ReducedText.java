package io.memtrace.index.sais;

import java.util.Arrays;

/**
 * The reduced problem of SA-IS: the names of the LMS substrings in text order form a text of at
 * most half the length whose suffix array orders the LMS suffixes.
 *
 * <p>Everything happens inside the suffix array: since LMS positions are at least two apart, the
 * name of the substring at {@code p} can be parked in its slot {@code sa[m + p/2]}; the names are
 * then compacted, in text order, to the end of the free space, where the next level reads them. A
 * substring is first named by the index of the first of its run of equal substrings in sorted
 * order, which for a unique one is its rank; the compaction turns that into the dense name the next
 * level sorts, through a bit per sorted index marking where the runs that stay begin.
 *
 * <p>Unique substrings are left out where they cannot matter (libsais's compaction): the LMS suffix
 * of a substring that occurs once already has its rank, its index in the sorted substrings; and a
 * comparison of two suffixes of the reduced text only reads on past equal names, which are never
 * unique, so a unique name whose predecessor in the text is unique too is never read by any other
 * comparison. Such names are removed from the reduced text, which the next level sorts in their
 * absence; their suffixes are put back at their ranks afterwards.
 *
 * <p>A slot holds the name in its low 30 bits, whether the substring is unique in bit 30, and the
 * sign bit, which tells slots from the rest of the area.
 */
final class ReducedText {
  private static final int MIN = Integer.MIN_VALUE;
  private static final int MAX = Integer.MAX_VALUE;
  private static final int NAME = (1 << 30) - 1;

  private ReducedText() {}

  /**
   * Names the LMS substrings whose positions are sorted at {@code sa[0, m)}, the sign bit marking
   * the last of each run of equal substrings: a substring's name, put in its slot {@code sa[m +
   * p/2]}, is the index of the first of its run (the number of LMS substrings below it). With
   * {@code clear}, the slot area is zeroed first; otherwise it may hold non-negative values
   * elsewhere.
   *
   * @return the number of distinct substrings
   */
  static int rename(int[] sa, int n, int m, boolean clear, Team team) {
    if (clear) {
      int from = m;
      int to = m + n / 2;
      team.forRange(to - from, (lo, hi) -> Arrays.fill(sa, from + (int) lo, from + (int) hi, 0));
    }
    int parts = team.parts(m);
    int[] runs = new int[parts];
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int from = bound(m, i, parts);
            int start = from;
            while (start > 0 && sa[start - 1] >= 0) {
              start--;
            }
            // A substring is unique when it and the one sorted before it end their runs.
            int lastBefore = from == 0 ? 1 : sa[from - 1] >>> 31;
            int count = 0;
            for (int j = from, end = bound(m, i + 1, parts); j < end; j++) {
              int e = sa[j];
              int p = e & MAX;
              int last = e >>> 31;
              start += (j - start) & -lastBefore;
              sa[m + (p >>> 1)] = MIN | (last & lastBefore) << 30 | start;
              count += last;
              lastBefore = last;
            }
            runs[i] = count;
          }
        });
    return Arrays.stream(runs).sum();
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
   * sa[to - (m - f), to)}, numbered from 0 without the {@code f} removed ones, whose ranks go, in
   * text order, to {@code sa[to - m, to - m + f)}; the bits of their slots ({@code p/2}) are set in
   * {@code removed} (at least {@code n/128 + 1} words, all 0). Removes nothing when too few would
   * go to repay putting them back. When the next level names by comparison, its symbol counts are
   * the sizes of the runs of equal substrings: they are handed over in the workspace (allowance
   * permitting), sparing that level a count of its text.
   *
   * @param names the number of distinct substrings
   * @return {@code f}
   */
  static int build(int[] sa, int n, int m, int names, int to, long[] removed, Workspace ws) {
    Team team = ws.team();
    int slots = n / 2;
    // The parts split the slots at whole words of bits; the same parts mark and compact.
    int parts = team.parts(slots);
    int[] gone = new int[parts];
    int[] taken = new int[parts];
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int from = slotBound(slots, i, parts);
            int end = slotBound(slots, i + 1, parts);
            markRange(sa, m, from, end, removed, gone, taken, i);
          }
        });
    int f = Arrays.stream(gone).sum();
    // Each part's ranks are followed by a spare entry in [0, m) (see compact); when there is no
    // room for them nearly everything would go, and a level that recurses has equal substrings.
    if (f < m >> 4 || f + parts > m) {
      Arrays.fill(removed, 0);
      Arrays.fill(gone, 0);
      f = 0;
    }
    long[] runs = keptRuns(sa, m, f > 0 ? removed : null, team);
    int[] counts =
        Sais.naming(ws, false, m - f, names - f, to - 2 * m + f)
            ? null
            : ws.handOverCounts(names - f);
    if (counts != null) {
      runSizes(sa, m, runs, counts, team);
    }
    int[] rankFrom = new int[parts + 1];
    int[] nameFrom = new int[parts + 1];
    for (int i = 0; i < parts; i++) {
      rankFrom[i + 1] = rankFrom[i] + gone[i];
      nameFrom[i + 1] = nameFrom[i] + taken[i] - gone[i];
    }
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            compact(
                sa,
                m,
                slotBound(slots, i, parts),
                slotBound(slots, i + 1, parts),
                rankFrom[i] + i,
                removed,
                runs);
          }
        });
    moveLists(sa, m, f, to, slots, rankFrom, nameFrom);
    return f;
  }

  /**
   * Moves the lists {@link #compact} left, per part, to their places: the names to {@code sa[to -
   * (m - f), to)}, then the ranks to {@code sa[to - m, to - m + f)} (where names may have lain).
   */
  private static void moveLists(
      int[] sa, int m, int f, int to, int slots, int[] rankFrom, int[] nameFrom) {
    int parts = rankFrom.length - 1;
    // Moved up, a part's names land below the names of the part after it; moved down, above those
    // of the part before it. The parts moving up are a prefix (later parts have more slots to
    // shrink from): they go from the last down, then the rest from the first up.
    int keptFrom = to - (m - f);
    int up = 0;
    while (up < parts && keptFrom + nameFrom[up] > m + slotBound(slots, up, parts)) {
      up++;
    }
    for (int j = 0; j < parts; j++) {
      int i = j < up ? up - 1 - j : j;
      int from = m + slotBound(slots, i, parts);
      System.arraycopy(sa, from, sa, keptFrom + nameFrom[i], nameFrom[i + 1] - nameFrom[i]);
    }
    // From [0, m) (to - m >= n/2 >= m: no overlap).
    for (int i = 0; i < parts; i++) {
      System.arraycopy(
          sa, rankFrom[i] + i, sa, to - m + rankFrom[i], rankFrom[i + 1] - rankFrom[i]);
    }
  }

  /** Start of part {@code part} of the slots: a whole word of bits. */
  private static int slotBound(int slots, int part, int parts) {
    return part == parts ? slots : bound(slots >> 6, part, parts) << 6;
  }

  /**
   * Compacts the slots {@code [from, to)}: the names that stay, made dense through {@code runs}, to
   * the start of the same slots, in text order; the ranks of the removed ones, in text order, from
   * {@code sa[rank]} on, below the slot area. Branch-free: both lists are written every step and
   * advance only when taken, so each list's last write lands one past its end (a slot already read,
   * or the spare entry after the ranks).
   */
  private static void compact(
      int[] sa, int m, int from, int to, int rank, long[] removed, long[] runs) {
    int name = m + from;
    for (int s = from; s < to; s++) {
      int v = sa[m + s];
      int gone = (int) (removed[s >>> 6] >>> s) & 1;
      int stays = (v >>> 31) & ~gone;
      int x = v & NAME;
      sa[rank] = x;
      rank += gone;
      // Index 0 unless the name stays: no cache miss for nothing.
      sa[name] = dense(runs, x & -stays);
      name += stays;
    }
  }

  /**
   * For each word of the sorted order {@code sa[0, m)}, at {@code 2w + 1} the bit {@code j} set
   * where a run of equal substrings that stays in the reduced text begins (every run but the
   * removed ones, {@code removed} being the bits of their slots or null), at {@code 2w} the number
   * of such runs in the words before: a kept name's dense name in one cache line. The team splits
   * the sorted order at whole words.
   */
  private static long[] keptRuns(int[] sa, int m, long[] removed, Team team) {
    int words = (m >>> 6) + 1;
    long[] runs = new long[2 * words];
    int parts = team.parts(m);
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int from = bound(words, i, parts);
            int to = bound(words, i + 1, parts);
            int lastBefore = from == 0 ? 1 : sa[(from << 6) - 1] >>> 31;
            for (int w = from; w < to; w++) {
              long bits = 0;
              for (int j = w << 6, end = Math.min(j + 64, m); j < end; j++) {
                int e = sa[j];
                long stays = lastBefore;
                if (removed != null) {
                  int s = (e & MAX) >>> 1;
                  stays &= ~(removed[s >>> 6] >>> s);
                }
                bits |= (stays & 1) << j;
                lastBefore = e >>> 31;
              }
              runs[2 * w + 1] = bits;
            }
          }
        });
    for (int w = 1; w < words; w++) {
      runs[2 * w] = runs[2 * w - 2] + Long.bitCount(runs[2 * w - 1]);
    }
    return runs;
  }

  /**
   * Sizes of the runs of equal substrings in the sorted order {@code sa[0, m)} that stay, by dense
   * name, into {@code counts}. Each part counts the runs that begin in its words, reading on to
   * where the last of them ends.
   */
  private static void runSizes(int[] sa, int m, long[] runs, int[] counts, Team team) {
    int words = (m >>> 6) + 1;
    int parts = team.parts(m);
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int j = bound(words, i, parts) << 6;
            int end = Math.min(bound(words, i + 1, parts) << 6, m);
            // The run under way at the start belongs to the part before.
            while (j > 0 && j < end && sa[j - 1] >= 0) {
              j++;
            }
            int name = j < end ? dense(runs, j) : 0;
            while (j < end) {
              int start = j;
              // The last entry, sa[m - 1], always ends a run.
              while (sa[j] >= 0) {
                j++;
              }
              j++;
              if ((runs[2 * (start >>> 6) + 1] >>> start & 1) != 0) {
                counts[name++] = j - start;
              }
            }
          }
        });
  }

  /** The kept runs that begin before index {@code x} of the sorted order (see keptRuns). */
  private static int dense(long[] runs, int x) {
    int w = (x >>> 6) << 1;
    return (int) runs[w] + Long.bitCount(runs[w + 1] & ((1L << x) - 1));
  }

  /**
   * Sets the bits of the removable slots in {@code [from, to)}, whole words: a unique substring
   * whose predecessor in the text is unique too; counts them in {@code gone[part]} and the slots
   * taken in {@code taken[part]}.
   */
  private static void markRange(
      int[] sa, int m, int from, int to, long[] removed, int[] gone, int[] taken, int part) {
    int uniqueBefore = 0;
    for (int s = from - 1; s >= 0; s--) {
      int v = sa[m + s];
      if (v < 0) {
        uniqueBefore = (v >>> 30) & 1;
        break;
      }
    }
    int f = 0;
    int slots = 0;
    for (int s = from; s < to; s++) {
      int v = sa[m + s];
      int present = v >>> 31;
      int unique = present & (v >>> 30);
      int remove = unique & uniqueBefore;
      uniqueBefore = unique | (uniqueBefore & (present ^ 1));
      removed[s >>> 6] |= (long) remove << s;
      f += remove;
      slots += present;
    }
    gone[part] = f;
    taken[part] = slots;
  }

  /**
   * Turns the suffix array of the reduced text at {@code sa[0, m - f)} into the sorted LMS
   * positions at {@code sa[0, m)}: the kept LMS positions are gathered in text order to {@code sa[n
   * - (m - f), n)} and looked up, and the removed ones go back to their ranks, kept at {@code sa[to
   * - m, to - m + f)} by {@link #build}.
   */
  static void reconstruct(
      Text t, int[] sa, int n, int m, int f, int to, long[] removed, int[] perChunk, Team team) {
    int kept = m - f;
    int base = n - kept;
    if (f > 0) {
      System.arraycopy(sa, to - m, sa, n - m, f);
    }
    TypeScan.gatherLms(t, n, kept, sa, perChunk, f > 0 ? removed : null, team);
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
    putBackRemoved(t, sa, n, m, removed, team);
    fillGaps(sa, n, m, base, team);
  }

  /**
   * Puts each removed suffix at its rank, the ranks being at {@code sa[n - m, ...)} in text order;
   * the team splits the bits, each part starting at the ranks of the bits before it.
   */
  private static void putBackRemoved(Text t, int[] sa, int n, int m, long[] removed, Team team) {
    int words = removed.length;
    int parts = team.parts(64L * words);
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
                p += t.at(p) > t.at(p + 1) ? 1 : 0;
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
    int gaps = team.parts(m);
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

  private static int bound(int m, int part, int parts) {
    return (int) ((long) m * part / parts);
  }
}
