package io.memtrace.index.sais;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SuffixArraysTest {
  private static final int[] ALPHABETS = {1, 2, 3, 4, 7, 26, 256, 1000, 65536, 70000};

  static Stream<Long> seeds() {
    return LongStream.range(0, 120).boxed();
  }

  static Stream<Long> fewSeeds() {
    return LongStream.range(0, 12).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomTextsSortLikeTheComparator(long seed) {
    Texts texts = new Texts(seed);
    int k = seed % 3 == 0 ? 1 + texts.nextInt(70000) : ALPHABETS[texts.nextInt(ALPHABETS.length)];
    int[] lengths = {0, 1, 2, 3, 5, 17, 100, 1000, 3000};
    int n = lengths[texts.nextInt(lengths.length)];
    int[] t = seed % 2 == 0 ? texts.uniform(n, k) : texts.zipf(n, k);

    assertSortsLike(t, k, NaiveSuffixArray.bySorting(t));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void repetitiveTextsSortLikeTheComparator(long seed) {
    Texts texts = new Texts(seed);
    int n = 1 + texts.nextInt(2500);
    int k = Math.max(2, ALPHABETS[texts.nextInt(ALPHABETS.length)]);
    int[] t =
        switch ((int) (seed % 5)) {
          case 0 -> Texts.constant(n, texts.nextInt(k));
          case 1 -> texts.periodic(n, 1 + texts.nextInt(12), k);
          case 2 -> texts.withCopies(n, k, 400);
          case 3 -> Texts.fibonacci(n, texts.nextInt(k), texts.nextInt(k));
          default -> texts.documents(n, k, 1 + texts.nextInt(40));
        };

    assertSortsLike(t, k, NaiveSuffixArray.bySorting(t));
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void longTextsSortLikePrefixDoublingWithOneOrTwoThreads(long seed) {
    Texts texts = new Texts(seed);
    // Past 2^17 symbols, so that counting and gathering split the text into chunks.
    int n = 140_000 + texts.nextInt(20_000);
    int[] t =
        switch ((int) (seed % 6)) {
          case 0 -> texts.zipf(n, 50_000);
          case 1 -> texts.documents(n, 65536, 300);
          case 2 -> texts.withCopies(n, 3000, 5000);
          case 3 -> Texts.fibonacci(n, 1, 0);
          case 4 -> texts.periodic(n, 2 + texts.nextInt(50), 4);
          default -> texts.uniform(n, 2);
        };
    int k = 65536;
    int[] expected = NaiveSuffixArray.byDoubling(t);

    assertThat(SuffixArrays.build(t, k, 1)).isEqualTo(expected);
    assertThat(SuffixArrays.build(t, k, 2)).isEqualTo(expected);
    assertThat(SuffixArrays.build(Texts.chars(t), k, 2)).isEqualTo(expected);
    for (Workspace.Mode mode : Workspace.Mode.values()) {
      assertThat(build(t, k, 2, mode, 4096, 512))
          .as("%s, blocks of 4096", mode)
          .isEqualTo(expected);
      assertThat(build(Texts.chars(t), k, 2, mode, 4096, 512))
          .as("%s, 16-bit, blocks of 4096", mode)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sixteenBitTextsSortLikeTheComparator(long seed) {
    Texts texts = new Texts(seed);
    int n = 1 + texts.nextInt(3000);
    int k = seed % 4 == 0 ? 65536 : 2 + texts.nextInt(seed % 4 == 1 ? 6 : 65535);
    int[] t =
        switch ((int) (seed % 5)) {
          case 0 -> texts.uniform(n, k);
          case 1 -> texts.periodic(n, 1 + texts.nextInt(12), k);
          case 2 -> texts.crowdedLms(n, k, false);
          case 3 -> texts.crowdedLms(n, k, true);
          default -> texts.documents(n, k, 1 + texts.nextInt(40));
        };

    assertSortsLike(t, k, NaiveSuffixArray.bySorting(t));
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void textsCrowdedWithLmsSubstringsSortLikePrefixDoubling(long seed) {
    Texts texts = new Texts(seed);
    int n = 140_000 + texts.nextInt(20_000);
    int k = seed % 3 == 0 ? 65536 : 4 + texts.nextInt(300);
    int[] t = texts.crowdedLms(n, k, seed % 2 == 0);
    int[] expected = NaiveSuffixArray.byDoubling(t);

    assertThat(SuffixArrays.build(Texts.chars(t), k, 1)).isEqualTo(expected);
    assertThat(SuffixArrays.build(Texts.chars(t), k, 2)).isEqualTo(expected);
    assertThat(build(Texts.chars(t), k, 2, Workspace.Mode.AUTO, 4096, 512)).isEqualTo(expected);
  }

  @Test
  void deepRecursionOnAFibonacciWord() {
    int[] t = Texts.fibonacci(200_000, 7, 3);

    int[] expected = NaiveSuffixArray.byDoubling(t);

    assertThat(SuffixArrays.build(t, 8, 1)).isEqualTo(expected);
    assertThat(build(t, 8, 2, Workspace.Mode.AUTO, 1 << 12, 1 << 8)).isEqualTo(expected);
  }

  @Test
  void emptyAndSingleSymbolTexts() {
    assertThat(SuffixArrays.build(new int[0], 1, 2)).isEmpty();
    assertThat(SuffixArrays.build(new int[] {0}, 1, 1)).containsExactly(0);
    assertThat(SuffixArrays.build(new int[] {1, 0}, 2, 1)).containsExactly(1, 0);
    assertThat(SuffixArrays.build(new int[] {0, 1}, 2, 1)).containsExactly(0, 1);
    assertThat(SuffixArrays.build(new int[] {5, 5, 5}, 6, 1)).containsExactly(2, 1, 0);
  }

  @Test
  void rejectsSymbolsOutsideTheAlphabet() {
    assertThatThrownBy(() -> SuffixArrays.build(new int[] {0, 3, 1, 4}, 4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symbol 4 at position 3");
    assertThatThrownBy(() -> SuffixArrays.build(new int[] {0, -1}, 4, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 1");
    assertThatThrownBy(() -> SuffixArrays.build(new int[] {0}, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SuffixArrays.build(new int[] {0}, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SuffixArrays.build(new char[] {0, 3, 1, 4}, 4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symbol 4 at position 3");
  }

  @Test
  void peakBytesCoversTextSuffixArrayAndBuckets() {
    long n = 100_000_000;
    assertThat(SuffixArrays.peakBytes(n, 65536)).isBetween(7 * n, 7 * n + (20L << 20));
    assertThat(SuffixArrays.peakBytes(n, 70000)).isBetween(9 * n, 9 * n + (20L << 20));
    assertThat(SuffixArrays.peakBytes(0, 1)).isPositive();
  }

  /**
   * What one thread allocates in a build, counted by the virtual machine, is at least what it holds
   * at its peak; besides the caller's text it must stay within peakBytes' {@code 5n} and the top
   * level's buckets ({@code 160 k} bytes), texts crowded with LMS substrings included.
   */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void sixteenBitBuildAllocatesWithinPeakBytes(long seed) {
    Texts texts = new Texts(seed);
    int n = 200_000 + texts.nextInt(20_000);
    int k = 4 + texts.nextInt(1000);
    int[] t =
        switch ((int) (seed % 4)) {
          case 0 -> texts.crowdedLms(n, k, true);
          case 1 -> texts.crowdedLms(n, k, false);
          case 2 -> texts.zipf(n, k);
          default -> Texts.fibonacci(n, 1, 0);
        };
    char[] c = Texts.chars(t);
    // Once untimed: the first run also allocates the classes' own set-up (lambdas, linkage).
    SuffixArrays.build(c, k, 1);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    int[] sa = SuffixArrays.build(c, k, 1);

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    long heapBesidesText = 5L * n + 160L * k + (64 << 10);
    assertThat(allocated).isLessThanOrEqualTo(heapBesidesText);
    assertThat(SuffixArrays.peakBytes(n, k)).isGreaterThanOrEqualTo(2L * n + heapBesidesText);
    assertThat(sa).isEqualTo(NaiveSuffixArray.byDoubling(t));
  }

  /**
   * Every way to build must give {@code expected}: both naming modes, one or two threads, 32-bit
   * text and, where the alphabet allows, 16-bit.
   */
  private static void assertSortsLike(int[] t, int k, int[] expected) {
    assertThat(SuffixArrays.build(t, k, 1)).isEqualTo(expected);
    char[] c = k <= 1 << 16 ? Texts.chars(t) : null;
    if (c != null) {
      assertThat(SuffixArrays.build(c, k, 1)).isEqualTo(expected);
    }
    for (Workspace.Mode mode : Workspace.Mode.values()) {
      for (int threads = 1; threads <= 2; threads++) {
        assertThat(build(t, k, threads, mode, 64, 16))
            .as("%s, %d threads", mode, threads)
            .isEqualTo(expected);
        if (c != null) {
          assertThat(build(c, k, threads, mode, 64, 16))
              .as("%s, %d threads, 16-bit", mode, threads)
              .isEqualTo(expected);
        }
      }
    }
  }

  private static int[] build(int[] t, int k, int threads, Workspace.Mode mode, int block, int min) {
    int[] sa = new int[t.length];
    try (Workspace ws = new Workspace(sa, threads, mode, block, min)) {
      SuffixArrays.build(t, k, ws);
    }
    return sa;
  }

  private static int[] build(
      char[] t, int k, int threads, Workspace.Mode mode, int block, int min) {
    int[] sa = new int[t.length];
    try (Workspace ws = new Workspace(sa, threads, mode, block, min)) {
      SuffixArrays.build(t, k, ws);
    }
    return sa;
  }
}
