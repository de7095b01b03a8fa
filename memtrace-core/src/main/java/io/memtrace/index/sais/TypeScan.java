package io.memtrace.index.sais;

import java.util.Arrays;

/**
 * Suffix types, computed on the fly from right to left (no type array): position {@code p} is
 * L-type if {@code t[p] > t[p+1]}, or equal and {@code p+1} is L-type, the last position is L-type
 * (end-of-text sorts first), and an LMS position is an S-type position preceded by an L-type one.
 * Types are encoded {@code L = 1}, {@code S = 0}, so {@code c0 > c1 - f1} is the type of a symbol
 * {@code c0} followed by symbol {@code c1} of type {@code f1}.
 *
 * <p>Parallel scans split the text into contiguous chunks; a chunk finds the type of its last
 * position by looking past the run of equal symbols that may continue into the next chunk.
 */
final class TypeScan {
  /** Most chunks a counting scan uses; each needs its own counters. */
  static final int MAX_COUNT_PARTS = 8;

  private TypeScan() {}

  /** Type of position {@code p}, looking ahead over equal symbols. */
  static int typeAt(Text t, int n, int p) {
    int c = t.at(p);
    int j = p + 1;
    while (j < n && t.at(j) == c) {
      j++;
    }
    return j == n || t.at(j) < c ? 1 : 0;
  }

  /**
   * Counts every position by its symbol, type and predecessor's type into {@code cnt[co + 4c + 2
   * type + predType]} (position 0 counts its predecessor as S-type). With {@code spare}, the team
   * splits the text into chunks, each counted into {@code 4k} ints of its own. With {@code lms}
   * (free in {@code [0, n)}), the same pass gathers the LMS positions in text order into {@code
   * lms[n - m, n)}: each chunk writes its own at the top of its range (there are at most half as
   * many), and the runs are then moved together.
   *
   * @return the chunks' own counts (chunk {@code i} is {@code [n i / parts, n (i + 1) / parts)}),
   *     for {@link #lmsPerChunk} and the seeds of {@link NamingSort}; {@code null} for a single
   *     chunk
   */
  static int[][] countCategories(
      Text t, int n, int k, int[] cnt, int co, boolean spare, int[] lms, Team team) {
    Arrays.fill(cnt, co, co + 4 * k, 0);
    int parts = spare ? Math.min(team.parts(n), MAX_COUNT_PARTS) : 1;
    if (parts == 1) {
      countChunk(t, n, 0, n, cnt, co, lms);
      return null;
    }
    int[][] counters = new int[parts][];
    for (int i = 0; i < parts; i++) {
      counters[i] = new int[4 * k];
    }
    int[] found = new int[parts];
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int s = bound(n, i, parts);
            found[i] = countChunk(t, n, s, bound(n, i + 1, parts), counters[i], 0, lms);
          }
        });
    for (int[] c : counters) {
      for (int j = 0; j < c.length; j++) {
        cnt[co + j] += c[j];
      }
    }
    if (lms != null) {
      // From the last chunk down, each run moves up onto space already vacated.
      for (int i = parts - 1, top = n; i >= 0; i--) {
        top -= found[i];
        System.arraycopy(lms, bound(n, i + 1, parts) - found[i], lms, top, found[i]);
      }
    }
    return counters;
  }

  /** Start of chunk {@code part}: even, so that chunks split the slots {@code p/2} too. */
  static int bound(int n, int part, int parts) {
    return part == parts ? n : (int) ((long) n * part / parts) & ~1;
  }

  /**
   * Counts {@code [s, e)}; with {@code lms}, also writes its LMS positions, ascending, to the top
   * of {@code lms[s, e)}.
   *
   * @return the number of LMS positions written (0 without {@code lms})
   */
  private static int countChunk(Text t, int n, int s, int e, int[] cnt, int co, int[] lms) {
    int c1 = t.at(e - 1);
    int f1 = typeAt(t, n, e - 1);
    int lo = Math.max(s, 1);
    int w = e - 1;
    if (lms == null) {
      for (int p = e - 1; p >= lo; p--) {
        int c0 = t.at(p - 1);
        int f0 = c0 > c1 - f1 ? 1 : 0;
        cnt[co + (c1 << 2) + (f1 << 1) + f0]++;
        c1 = c0;
        f1 = f0;
      }
    } else {
      // Branch-free: every position is written, the write position moves down past LMS ones only.
      for (int p = e - 1; p >= lo; p--) {
        int c0 = t.at(p - 1);
        int f0 = c0 > c1 - f1 ? 1 : 0;
        cnt[co + (c1 << 2) + (f1 << 1) + f0]++;
        lms[w] = p;
        w -= f0 & (f1 ^ 1);
        c1 = c0;
        f1 = f0;
      }
    }
    if (s == 0) {
      cnt[co + (c1 << 2) + (f1 << 1)]++;
    }
    return e - 1 - w;
  }

  /** Counts the positions of each symbol into {@code cnt[co + c]}, the team splitting symbols. */
  static void countSymbols(Text t, int n, int k, int[] cnt, int co, Team team) {
    Arrays.fill(cnt, co, co + k, 0);
    team.run(
        (part, parts) -> {
          int lo = (int) ((long) k * part / parts);
          int span = (int) ((long) k * (part + 1) / parts) - lo;
          int base = co + lo;
          for (int p = 0; p < n; p++) {
            int c = t.at(p) - lo;
            if (Integer.compareUnsigned(c, span) < 0) {
              cnt[base + c]++;
            }
          }
        });
  }

  /**
   * Gathers the {@code m} LMS positions in text order into {@code sa[n - m, n)}; {@code sa[0, n -
   * m)} is not touched.
   */
  static void gatherLms(Text t, int n, int m, int[] sa, Team team) {
    gatherLms(t, n, m, sa, null, team);
  }

  /**
   * As {@link #gatherLms(int[], int, int, int, int[], Team)}, leaving out positions {@code p} whose
   * bit {@code p/2} is set in {@code skip} (if not null); {@code m} counts the others.
   */
  static void gatherLms(Text t, int n, int m, int[] sa, long[] skip, Team team) {
    int parts = team.parts(n);
    int[] count = new int[parts];
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            count[i] = countLms(t, n, bound(n, i, parts), bound(n, i + 1, parts));
          }
        });
    gatherLms(t, n, m, sa, count, skip, team);
  }

  /** LMS positions in {@code [s, e)}. */
  private static int countLms(Text t, int n, int s, int e) {
    int c1 = t.at(e - 1);
    int f1 = typeAt(t, n, e - 1);
    int found = 0;
    for (int p = e - 1, lo = Math.max(s, 1); p >= lo; p--) {
      int c0 = t.at(p - 1);
      int f0 = c0 > c1 - f1 ? 1 : 0;
      found += f0 & (f1 ^ 1);
      c1 = c0;
      f1 = f0;
    }
    return found;
  }

  private static int kept(long[] skip, int p) {
    return skip == null ? 1 : (int) (~skip[p >>> 7] >>> (p >>> 1)) & 1;
  }

  /** Each chunk's number of LMS positions, from the chunks' own counts. */
  static int[] lmsPerChunk(int[][] chunks, int k) {
    int[] lms = new int[chunks.length];
    for (int i = 0; i < chunks.length; i++) {
      for (int c = 0; c < k; c++) {
        lms[i] += chunks[i][4 * c + 1];
      }
    }
    return lms;
  }

  /**
   * As {@link #gatherLms(int[], int, int, int, int[], long[], Team)}, with each chunk's number of
   * LMS positions given ({@link #lmsPerChunk}; {@code null}: counted here), so the text is read
   * once. Chunks start at even positions, so a chunk's skipped positions are the set bits of its
   * slots.
   */
  static void gatherLms(Text t, int n, int m, int[] sa, int[] perChunk, long[] skip, Team team) {
    if (perChunk == null) {
      gatherLms(t, n, m, sa, skip, team);
      return;
    }
    int parts = perChunk.length;
    int[] end = new int[parts];
    for (int i = 0, sum = n - m; i < parts; i++) {
      sum += perChunk[i];
      if (skip != null) {
        sum -= countBits(skip, bound(n, i, parts) >>> 1, (bound(n, i + 1, parts) + 1) >>> 1);
      }
      end[i] = sum;
    }
    team.run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            int first = i == 0 ? n - m : end[i - 1];
            writeCounted(t, n, bound(n, i + 1, parts), sa, first, end[i], skip);
          }
        });
  }

  /** Set bits of {@code bits} in {@code [from, to)}. */
  private static int countBits(long[] bits, int from, int to) {
    int count = 0;
    for (int i = from; i < to; ) {
      int w = i >>> 6;
      int end = Math.min(to, (w + 1) << 6);
      long mask = (end - i == 64 ? -1L : ((1L << (end - i)) - 1)) << i;
      count += Long.bitCount(bits[w] & mask);
      i = end;
    }
    return count;
  }

  /**
   * Writes the LMS positions below {@code e} to {@code sa[from, to)}, ascending, leaving out those
   * {@code skip} marks; exactly fills it.
   */
  private static void writeCounted(Text t, int n, int e, int[] sa, int from, int to, long[] skip) {
    if (from == to) {
      return;
    }
    int c1 = t.at(e - 1);
    int f1 = typeAt(t, n, e - 1);
    int w = to - 1;
    // Stops once the last slot is written, so the branch-free write never leaves its slots.
    for (int p = e - 1; w >= from; p--) {
      int c0 = t.at(p - 1);
      int f0 = c0 > c1 - f1 ? 1 : 0;
      sa[w] = p;
      w -= f0 & (f1 ^ 1) & kept(skip, p);
      c1 = c0;
      f1 = f0;
    }
  }
}
