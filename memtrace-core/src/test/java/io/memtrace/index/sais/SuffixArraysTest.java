package io.memtrace.index.sais;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    for (Workspace.Mode mode : Workspace.Mode.values()) {
      assertThat(build(t, k, 2, mode, 4096, 512))
          .as("%s, blocks of 4096", mode)
          .isEqualTo(expected);
    }
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
  }

  @Test
  void peakBytesCoversTextSuffixArrayAndBuckets() {
    long n = 100_000_000;
    assertThat(SuffixArrays.peakBytes(n, 65536))
        .isBetween(10 * n + 3 * n / 4, 10 * n + 3 * n / 4 + (20L << 20));
    assertThat(SuffixArrays.peakBytes(0, 1)).isPositive();
  }

  /** Every way to build must give {@code expected}: both naming modes, one or two threads. */
  private static void assertSortsLike(int[] t, int k, int[] expected) {
    assertThat(SuffixArrays.build(t, k, 1)).isEqualTo(expected);
    for (Workspace.Mode mode : Workspace.Mode.values()) {
      for (int threads = 1; threads <= 2; threads++) {
        assertThat(build(t, k, threads, mode, 64, 16))
            .as("%s, %d threads", mode, threads)
            .isEqualTo(expected);
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
}
