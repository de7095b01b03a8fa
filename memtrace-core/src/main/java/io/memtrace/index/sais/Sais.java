package io.memtrace.index.sais;

import java.util.Arrays;

/**
 * One level of SA-IS (Nong, Zhang and Chan 2009) over an integer alphabet: sort and name the LMS
 * substrings, recurse on the names if some are equal, then induce the whole suffix array from the
 * sorted LMS suffixes.
 *
 * <p>A level sorts its text {@code t[0, n)} into {@code sa[0, n)} of the workspace array; {@code
 * sa[n, n + fs)} is free. The top level reads the caller's text (16- or 32-bit); deeper levels read
 * their text from the same array, past the free space, so the whole recursion runs in the suffix
 * array (as in sais-lite and libsais). Bucket arrays come from the free space when they fit, else
 * from the heap: the top level's always, a deeper level's within the workspace's allowance, past
 * which it sorts by {@link DoublingSort}.
 */
final class Sais {
  private Sais() {}

  /** Alphabet sizes up to this use the naming sort at the top level whatever the text length. */
  static final int SMALL_ALPHABET = 1 << 16;

  /** Largest alphabet {@link NamingSort} accepts (its bucket indexes are {@code 4c + kind}). */
  static final int NAMING_MAX_ALPHABET = 1 << 27;

  /** Longest array the virtual machine is sure to allocate. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** Whether the top level of a text of length {@code n} uses {@link NamingSort}. */
  static boolean topLevelNaming(long n, int k) {
    return k <= NAMING_MAX_ALPHABET && (k <= SMALL_ALPHABET || NamingSort.bucketInts(k) <= n);
  }

  /** Whether a level names during induction ({@link NamingSort}) rather than by comparison. */
  static boolean naming(Workspace ws, boolean top, int n, int k, int fs) {
    return switch (ws.mode()) {
      case NAMING -> k <= NAMING_MAX_ALPHABET;
      case LEAN -> false;
      // Below the top, only for alphabets small against the text: the eight bucket ints per
      // symbol are laid out and walked in passes of their own, which for alphabets near n/2 (deep
      // levels of natural text, most substrings unique) costs more than comparing substrings.
      case AUTO -> top ? topLevelNaming(n, k) : 4L * k <= n && NamingSort.bucketInts(k) <= fs;
    };
  }

  static void sort(Text t, int n, int k, int fs, Workspace ws) {
    int[] sa = ws.sa();
    if (n == 1) {
      sa[0] = 0;
      return;
    }
    boolean top = !t.inside(sa);
    if (naming(ws, top, n, k, fs)) {
      boolean inPlace = !top && NamingSort.bucketInts(k) <= fs;
      int[] b = inPlace ? sa : new int[(int) NamingSort.bucketInts(k)];
      int bo = inPlace ? n + fs - (int) NamingSort.bucketInts(k) : 0;
      sortNaming(t, n, k, fs, b, bo, inPlace, ws);
    } else {
      sortLean(t, n, k, fs, top, ws);
    }
  }

  private static void sortNaming(
      Text t, int n, int k, int fs, int[] b, int bo, boolean inPlace, Workspace ws) {
    int[] sa = ws.sa();
    Team team = ws.team();
    int[][] chunks = TypeScan.countCategories(t, n, k, b, bo, !inPlace, sa, team);
    int[] perChunk = chunks == null ? null : TypeScan.lmsPerChunk(chunks, k);
    int m = 0;
    for (int c = 0; c < k; c++) {
      m += b[bo + 4 * c + 1];
    }
    if (m > 1) {
      NamingSort.sort(t, sa, n, k, m, b, bo, chunks, ws);
      chunks = null;
      int names = ReducedText.rename(sa, n, m, true, team);
      if (names < m) {
        recurse(t, n, m, names, fs, perChunk, ws);
        if (inPlace) {
          // The next level's text and scratch covered the buckets.
          TypeScan.countCategories(t, n, k, b, bo, !inPlace, null, team);
        }
      } else {
        ReducedText.clearMarks(sa, m, team);
      }
    } else if (m == 1) {
      sa[0] = sa[n - 1];
    }
    int heads = bo + 4 * k;
    int tails = heads + k;
    for (int c = 0, sum = 0; c < k; c++) {
      int v = bo + 4 * c;
      b[heads + c] = sum;
      sum += b[v] + b[v + 1] + b[v + 2] + b[v + 3];
      b[tails + c] = sum;
    }
    FinalInduce.placeByCounts(sa, n, m, k, b, bo + 1, b, tails);
    FinalInduce.induceL(t, sa, n, b, heads, ws);
    FinalInduce.induceS(t, sa, n, b, tails, ws);
  }

  /**
   * Sorts the {@code m} LMS suffixes, their substrings named in their slots, through the suffix
   * array of the reduced text, sorted in the free space and the slot area.
   */
  private static void recurse(
      Text t, int n, int m, int names, int fs, int[] perChunk, Workspace ws) {
    int[] sa = ws.sa();
    int to = n + fs;
    long[] removed = new long[(n >>> 7) + 1];
    int f = ReducedText.build(sa, n, m, names, to, removed, ws);
    sort(new Text.Ints(sa, to - (m - f)), m - f, names - f, to - 2 * m + f, ws);
    ws.dropCounts();
    ReducedText.reconstruct(t, sa, n, m, f, to, removed, perChunk, ws.team());
  }

  private static void sortLean(Text t, int n, int k, int fs, boolean top, Workspace ws) {
    int[] sa = ws.sa();
    Team team = ws.team();
    // Pointers, and the counts too when there is room for them (saves recounting the text, which
    // is a random access per symbol). A level below the top whose pointers fit in its free space
    // but not the counts too keeps the counts on the heap if the workspace allows (within the
    // recursion's share of peakBytes, and dropped while deeper levels run), else counts again.
    // Counts handed over by the level that wrote this text stay on the heap throughout. A level
    // whose pointers fit neither its free space nor the heap's allowance sorts by doubling.
    boolean inPlace = !top && k <= fs;
    if (!top && !inPlace && !ws.heapAllows(k)) {
      ws.dropCounts();
      DoublingSort.sort(sa, ((Text.Ints) t).o(), n);
      return;
    }
    int[] handed = ws.takeCounts();
    int size;
    boolean heapCounts = false;
    if (handed != null) {
      size = k;
    } else if (inPlace) {
      size = 2L * k <= fs ? 2 * k : k;
      heapCounts = size == k && ws.heapAllows(k);
    } else {
      size = top && 2L * k <= MAX_ARRAY ? 2 * k : k;
    }
    int[] b = inPlace ? sa : new int[size];
    int bo = inPlace ? n + fs - size : 0;
    int[] cnt = handed != null ? handed : heapCounts ? new int[k] : b;
    int co = handed != null || heapCounts ? 0 : size == 2 * k ? bo + k : -1;
    if (co >= 0 && handed == null) {
      TypeScan.countSymbols(t, n, k, cnt, co, team);
    }
    LeanSort.pointers(t, n, k, b, bo, cnt, co, true, team);
    Arrays.fill(sa, 0, n, 0);
    int m = LeanSort.placeLms(t, n, k, sa, b, bo, ws);
    if (m > 1) {
      LeanSort.sort(t, sa, n, k, m, b, bo, cnt, co, ws);
      LeanSort.markDistinct(t, sa, n, m, team);
      int names = ReducedText.rename(sa, n, m, false, team);
      if (names < m) {
        // Counts survive the recursion on the heap, handed over or saved while the workspace's
        // allowance lasts (recounting is a random access per symbol); heap buckets are dropped:
        // the deeper levels need the room.
        int[] saved =
            handed == null && co >= 0 && ws.reserve(k) ? Arrays.copyOfRange(cnt, co, co + k) : null;
        b = null;
        cnt = null;
        recurse(t, n, m, names, fs, null, ws);
        b = inPlace ? sa : new int[size];
        if (handed != null) {
          cnt = handed;
        } else {
          cnt = heapCounts ? new int[k] : b;
          if (saved != null) {
            System.arraycopy(saved, 0, cnt, co, k);
            ws.release(k);
          } else if (co >= 0) {
            TypeScan.countSymbols(t, n, k, cnt, co, team);
          }
        }
      } else {
        ReducedText.clearMarks(sa, m, team);
      }
    } else if (m == 1) {
      int i = 0;
      while (sa[i] == 0) {
        i++;
      }
      int p = sa[i];
      sa[i] = 0;
      sa[0] = p;
    }
    LeanSort.pointers(t, n, k, b, bo, cnt, co, true, team);
    // Below the top, the free space past the buckets holds the first symbols when it has room.
    int spare = !top && (long) fs - (inPlace ? size : 0) >= m ? n : -1;
    FinalInduce.placeBySymbol(t, sa, n, m, b, bo, spare, team);
    LeanSort.pointers(t, n, k, b, bo, cnt, co, false, team);
    FinalInduce.induceL(t, sa, n, b, bo, ws);
    LeanSort.pointers(t, n, k, b, bo, cnt, co, true, team);
    FinalInduce.induceS(t, sa, n, b, bo, ws);
    if (handed != null) {
      ws.release(k);
    }
  }
}
