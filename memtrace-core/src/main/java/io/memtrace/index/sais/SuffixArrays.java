package io.memtrace.index.sais;

import java.util.Objects;

/**
 * Suffix-array construction in linear time: SA-IS (Nong, Zhang and Chan 2009) over an integer
 * alphabet, with libsais's refinements (LMS substrings named during induction, the recursion run
 * inside the suffix array) and parallel induced sorting in blocks.
 *
 * <p>Suffixes are compared as sequences with the end of the text smallest: a suffix that is a
 * prefix of another sorts first. Index texts carry a separator symbol after every document, so
 * matches never run across documents; the separator is an ordinary symbol here.
 *
 * <h2>Memory</h2>
 *
 * Besides the text ({@code 4n} bytes, the caller's) and the returned array ({@code 4n}), a build
 * allocates bucket arrays for the top level ({@code 32 k} bytes for {@code k <= 65536}, or when
 * {@code 8k <= n}; else {@code 8 k}), up to eight {@code 16 k}-byte counters for parallel counting
 * and two 1 MiB block caches. The recursion runs in the free part of the suffix array; only a level
 * whose alphabet exceeds that room allocates its buckets, at most {@code n/2} ints, which happens
 * for texts crowded with distinct LMS substrings (an LMS position more often than every fourth
 * symbol), not for natural-language token streams. A level whose bucket pointers fit there but not
 * its symbol counts too keeps the counts on the heap (again at most {@code n/2} ints, one level at
 * a time) rather than count its text again for every pass. Each recursing level also keeps a bit
 * per two symbols of its text, the LMS suffixes left out of the next level, and while it writes the
 * next level's text a quarter byte per LMS substring for their names ({@code n/4} bytes in all,
 * over all levels), and a lean level keeps its symbol counts on the heap across its recursion while
 * they fit an allowance of {@code n/8} ints over all levels (or the level that wrote its text
 * counted them there). {@link #peakBytes} adds these worst cases up.
 */
public final class SuffixArrays {
  private SuffixArrays() {}

  /**
   * Suffix array of text[0, n): SA[i] = start of the i-th smallest suffix; symbols in [0,
   * alphabetSize).
   *
   * @param threads threads to use, at least 1; the calling thread is one of them
   * @throws IllegalArgumentException if a symbol is outside {@code [0, alphabetSize)} (the message
   *     names its position), or {@code alphabetSize} or {@code threads} is below 1
   */
  public static int[] build(int[] text, int alphabetSize, int threads) {
    checkArguments(text, alphabetSize, threads);
    int[] sa = new int[text.length];
    // Below a few blocks a second thread only adds hand-offs.
    int useful = text.length < 4 * Workspace.MIN_PARALLEL ? 1 : threads;
    try (Workspace ws = new Workspace(sa, useful)) {
      build(text, alphabetSize, ws);
    }
    return sa;
  }

  /**
   * Upper bound on the bytes a {@link #build} of {@code n} symbols over {@code alphabetSize}
   * symbols holds at its peak, the text itself included: {@code 10 n + 32 k + 128 k + 2 MiB} when
   * the top level names during induction (see the class comment), {@code 10 n + 8 k + 2 MiB}
   * otherwise, plus {@code n/4} for the bits of the removed LMS suffixes and {@code n/2} for saved
   * counts. Ordinary text stays near {@code 8 n} plus the buckets.
   */
  public static long peakBytes(long n, int alphabetSize) {
    if (n < 0 || alphabetSize < 1) {
      throw new IllegalArgumentException(
          "need n >= 0 and alphabetSize >= 1, got n=" + n + ", alphabetSize=" + alphabetSize);
    }
    long k = alphabetSize;
    long text = 4 * n;
    long suffixArray = 4 * n;
    long recursion = 4 * (n / 2) + n / 4 + 4 * (n / Workspace.SAVED_COUNTS_SHARE);
    long buckets;
    if (Sais.topLevelNaming(n, alphabetSize)) {
      buckets = 4 * NamingSort.bucketInts(k) + 4 * TypeScan.MAX_COUNT_PARTS * 4 * k;
    } else {
      buckets = 4 * (2 * k <= Sais.MAX_ARRAY ? 2 * k : k);
    }
    long cache = 2 * 2L * 4 * Workspace.BLOCK;
    return text + suffixArray + recursion + buckets + cache;
  }

  /** Builds into {@code ws.sa()}, which has the length of the text. */
  static void build(int[] text, int alphabetSize, Workspace ws) {
    checkSymbols(text, alphabetSize, ws.team());
    if (text.length > 0) {
      Sais.sort(text, 0, text.length, alphabetSize, 0, ws);
    }
  }

  private static void checkArguments(int[] text, int alphabetSize, int threads) {
    Objects.requireNonNull(text, "text");
    if (alphabetSize < 1) {
      throw new IllegalArgumentException("alphabetSize must be at least 1, got " + alphabetSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }

  private static void checkSymbols(int[] text, int k, Team team) {
    long[] firstBad = {Long.MAX_VALUE};
    team.forRange(
        text.length,
        (from, to) -> {
          for (int i = (int) from; i < to; i++) {
            if (Integer.compareUnsigned(text[i], k) >= 0) {
              synchronized (firstBad) {
                firstBad[0] = Math.min(firstBad[0], i);
              }
              return;
            }
          }
        });
    if (firstBad[0] != Long.MAX_VALUE) {
      int i = (int) firstBad[0];
      throw new IllegalArgumentException(
          "symbol " + text[i] + " at position " + i + " is outside [0, " + k + ")");
    }
  }
}
