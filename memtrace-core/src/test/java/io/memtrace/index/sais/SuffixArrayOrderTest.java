package io.memtrace.index.sais;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SuffixArrays#build} against sorting the suffixes with a comparator. */
class SuffixArrayOrderTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void sortsSuffixesLikeAComparator(long seed) {
    Random r = new Random(seed);
    int alphabet = 1 + r.nextInt(seed % 2 == 0 ? 3 : 1000);
    int n = r.nextInt(2000);
    int[] text = new int[n];
    for (int i = 0; i < n; i++) text[i] = r.nextInt(alphabet);
    if (n > 100) System.arraycopy(text, 0, text, n / 2, n / 4);
    Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Comparator<Integer> bySuffix = (a, b) -> Arrays.compare(text, a, n, text, b, n);
    Arrays.sort(expected, bySuffix);
    assertThat(SuffixArrays.build(text, alphabet, 1))
        .containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
    assertThat(SuffixArrays.peakBytes(n, alphabet)).isGreaterThanOrEqualTo(7L * n);
  }
}
