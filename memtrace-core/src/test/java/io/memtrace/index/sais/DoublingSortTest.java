package io.memtrace.index.sais;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link DoublingSort} on its own, the text placed in the suffix array as a recursion level's. */
class DoublingSortTest {
  static Stream<Long> seeds() {
    return LongStream.range(0, 60).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sortsLikeTheComparator(long seed) {
    Texts texts = new Texts(seed);
    int n = texts.nextInt(2000);
    int k = 1 + texts.nextInt(seed % 2 == 0 ? 4 : 5000);
    int[] t =
        switch ((int) (seed % 3)) {
          case 0 -> texts.uniform(n, k);
          case 1 -> texts.periodic(n, 1 + texts.nextInt(9), k);
          default -> texts.withCopies(n, k, 200);
        };
    int gap = texts.nextInt(50);
    int[] sa = new int[2 * n + gap];
    System.arraycopy(t, 0, sa, n + gap, n);

    DoublingSort.sort(sa, n + gap, n);

    assertThat(Arrays.copyOf(sa, n)).isEqualTo(NaiveSuffixArray.bySorting(t));
  }
}
