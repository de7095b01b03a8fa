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
 * Besides the text (the caller's: {@code 2n} bytes as {@code char[]}, which alphabets of up to
 * 65536 symbols may use, else {@code 4n}) and the returned array ({@code 4n}), a build allocates
 * bucket arrays for the top level ({@code 32 k} bytes for {@code k <= 65536}, or when {@code 8k <=
 * n}; else {@code 8 k}), up to eight {@code 16 k}-byte counters for parallel counting and two 1 MiB
 * block caches. The recursion runs in the free part of the suffix array. Its heap use is capped at
 * {@code n} bytes in all: a level whose alphabet exceeds that room may allocate its bucket pointers
 * (or, when only the pointers fit there, its symbol counts) up to {@code n/16} ints, one level at a
 * time; past that it sorts by prefix doubling in place, or counts its text again for every pass.
 * That happens for texts crowded with distinct LMS substrings (an LMS position more often than
 * every third symbol), not for natural-language token streams. Counts kept on the heap across a
 * recursion, or handed to the next level, share an allowance of {@code n/8} ints. Each recursing
 * level also keeps a bit per two symbols of its text, the LMS suffixes left out of the next level,
 * and while it writes the next level's text a quarter byte per LMS substring for their names
 * ({@code n/4} bytes in all, over all levels). {@link #peakBytes} adds these worst cases up: {@code
 * 7n} bytes for a 16-bit text, {@code 9n} for a 32-bit one, plus the buckets and caches.
 */
public final class SuffixArrays {
  /** Largest alphabet a {@code char[]} text holds. */
  public static final int CHAR_ALPHABET = 1 << 16;

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
    Objects.requireNonNull(text, "text");
    checkArguments(alphabetSize, threads);
    int[] sa = new int[text.length];
    try (Workspace ws = new Workspace(sa, useful(text.length, threads))) {
      build(text, alphabetSize, ws);
    }
    return sa;
  }

  /**
   * {@link #build(int[], int, int)} of a 16-bit text, for alphabets of at most 65536 symbols: the
   * text takes half the memory.
   */
  public static int[] build(char[] text, int alphabetSize, int threads) {
    Objects.requireNonNull(text, "text");
    checkArguments(alphabetSize, threads);
    int[] sa = new int[text.length];
    try (Workspace ws = new Workspace(sa, useful(text.length, threads))) {
      build(text, alphabetSize, ws);
    }
    return sa;
  }

  /** Below a few blocks a second thread only adds hand-offs. */
  private static int useful(int n, int threads) {
    return n < 4 * Workspace.MIN_PARALLEL ? 1 : threads;
  }

  /**
   * Upper bound on the bytes a build of {@code n} symbols over {@code alphabetSize} symbols holds
   * at its peak, the text itself included, for the narrowest text the alphabet allows ({@code
   * char[]} up to 65536 symbols, else {@code int[]}; an {@code int[]} text of a smaller alphabet
   * adds {@code 2n}): {@code w n + 4n} for text and suffix array ({@code w} = 2 or 4 bytes per
   * symbol), {@code n/4} for the bits of the removed LMS suffixes and the names, {@code n/2} for
   * counts kept across recursions and {@code n/4} for a recursion level's buckets (see the class
   * comment), so {@code 7n} or {@code 9n}; plus {@code 32 k + 128 k} when the top level names
   * during induction, else {@code 8 k}, and {@code 2 MiB} of block caches. Ordinary text stays near
   * {@code w n + 4n} plus the buckets.
   */
  public static long peakBytes(long n, int alphabetSize) {
    if (n < 0 || alphabetSize < 1) {
      throw new IllegalArgumentException(
          "need n >= 0 and alphabetSize >= 1, got n=" + n + ", alphabetSize=" + alphabetSize);
    }
    long k = alphabetSize;
    long text = (k <= CHAR_ALPHABET ? 2 : 4) * n;
    long suffixArray = 4 * n;
    long recursion =
        n / 4 + 4 * (n / Workspace.SAVED_COUNTS_SHARE) + 4 * (n / Workspace.HEAP_SHARE);
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
    checkSymbols(new Text.Ints(text, 0), text.length, alphabetSize, ws.team());
    if (text.length > 0) {
      Sais.sort(new Text.Ints(text, 0), text.length, alphabetSize, 0, ws);
    }
  }

  /** {@link #build(int[], int, Workspace)} of a 16-bit text. */
  static void build(char[] text, int alphabetSize, Workspace ws) {
    if (alphabetSize < CHAR_ALPHABET) {
      checkSymbols(new Text.Chars(text), text.length, alphabetSize, ws.team());
    }
    if (text.length > 0) {
      Sais.sort(new Text.Chars(text), text.length, alphabetSize, 0, ws);
    }
  }

  private static void checkArguments(int alphabetSize, int threads) {
    if (alphabetSize < 1) {
      throw new IllegalArgumentException("alphabetSize must be at least 1, got " + alphabetSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }

  private static void checkSymbols(Text text, int n, int k, Team team) {
    long[] firstBad = {Long.MAX_VALUE};
    team.forRange(
        n,
        (from, to) -> {
          for (int i = (int) from; i < to; i++) {
            if (Integer.compareUnsigned(text.at(i), k) >= 0) {
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
          "symbol " + text.at(i) + " at position " + i + " is outside [0, " + k + ")");
    }
  }
}
