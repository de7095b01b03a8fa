package io.memtrace.index.sais;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both ways of naming LMS substrings give exactly the classes of equal substrings, each named by
 * the number of substrings below it: the invariant the recursion relies on.
 */
class LmsNamingTest {
  static Stream<Long> seeds() {
    return LongStream.range(0, 300).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void namingDuringInductionNamesEqualSubstringsAlike(long seed) {
    int[] t = text(seed);
    int k = alphabet(t);
    int n = t.length;
    int[] sa = new int[n];
    Text x = symbols(t, seed);
    try (Workspace ws = workspace(sa, seed)) {
      int[] b = new int[8 * k];
      int[][] chunks = TypeScan.countCategories(x, n, k, b, 0, true, null, ws.team());
      int m = 0;
      for (int c = 0; c < k; c++) {
        m += b[4 * c + 1];
      }
      if (m < 2) {
        return;
      }
      TypeScan.gatherLms(
          x, n, m, sa, chunks == null ? null : TypeScan.lmsPerChunk(chunks, k), null, ws.team());
      NamingSort.sort(x, sa, n, k, m, b, 0, chunks, ws);
      int names = ReducedText.rename(sa, n, m, true, ws.team());

      assertNamedExactly(t, sa, m, names);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void namingByComparisonNamesEqualSubstringsAlike(long seed) {
    int[] t = text(seed);
    int k = alphabet(t);
    int n = t.length;
    int[] sa = new int[n];
    Text x = symbols(t, seed);
    try (Workspace ws = workspace(sa, seed)) {
      int[] b = new int[2 * k];
      TypeScan.countSymbols(x, n, k, b, k, ws.team());
      LeanSort.pointers(x, n, k, b, 0, b, k, true, ws.team());
      int m = LeanSort.placeLms(x, n, k, sa, b, 0, ws);
      if (m < 2) {
        return;
      }
      LeanSort.sort(x, sa, n, k, m, b, 0, b, k, ws);
      LeanSort.markDistinct(x, sa, n, m, ws.team());
      int names = ReducedText.rename(sa, n, m, false, ws.team());

      assertNamedExactly(t, sa, m, names);
    }
  }

  private static int[] text(long seed) {
    Texts texts = new Texts(seed);
    int k = 2 + texts.nextInt(seed % 2 == 0 ? 4 : 300);
    int n = 5 + texts.nextInt(400);
    return seed % 3 == 0 ? texts.withCopies(n, k, 30) : texts.uniform(n, k);
  }

  /** The text as 32-bit symbols, or for odd seeds as 16-bit ones. */
  private static Text symbols(int[] t, long seed) {
    if (seed % 2 == 0) {
      return new Text.Ints(t, 0);
    }
    return new Text.Chars(Texts.chars(t));
  }

  private static int alphabet(int[] t) {
    return Arrays.stream(t).max().orElse(0) + 1;
  }

  /** One thread, or two working in blocks of 32 so that blocks hand suffixes to each other. */
  private static Workspace workspace(int[] sa, long seed) {
    return seed % 4 < 2 ? new Workspace(sa, 1) : new Workspace(sa, 2, Workspace.Mode.AUTO, 32, 8);
  }

  private static void assertNamedExactly(int[] t, int[] sa, int m, int names) {
    TreeMap<Integer, Integer> exact = exactNames(t);
    assertThat(namesOf(sa, t.length, m)).isEqualTo(exact);
    assertThat(names).isEqualTo(exact.values().stream().distinct().count());
  }

  private static TreeMap<Integer, Integer> namesOf(int[] sa, int n, int m) {
    TreeMap<Integer, Integer> names = new TreeMap<>();
    for (int i = 0; i < m; i++) {
      int p = sa[i] & Integer.MAX_VALUE;
      names.put(p, ReducedText.name(sa[m + p / 2]));
    }
    return names;
  }

  /**
   * LMS position to the number of LMS substrings below its own, compared symbol by symbol and, for
   * equal symbols, L-type before S-type (the order of the suffixes they start).
   */
  static TreeMap<Integer, Integer> exactNames(int[] t) {
    int n = t.length;
    boolean[] sType = new boolean[n];
    for (int i = n - 2; i >= 0; i--) {
      sType[i] = t[i] < t[i + 1] || (t[i] == t[i + 1] && sType[i + 1]);
    }
    List<Integer> lms = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      if (sType[i] && !sType[i - 1]) {
        lms.add(i);
      }
    }
    List<long[]> substrings = new ArrayList<>();
    for (int j = 0; j < lms.size(); j++) {
      boolean last = j + 1 == lms.size();
      int end = last ? n : lms.get(j + 1) + 1;
      long[] s = new long[end - lms.get(j) + (last ? 1 : 0)];
      for (int i = lms.get(j); i < end; i++) {
        s[i - lms.get(j)] = 2L * t[i] + (sType[i] ? 1 : 0);
      }
      if (last) {
        s[s.length - 1] = -1; // the end of the text, below every symbol
      }
      substrings.add(s);
    }
    TreeMap<long[], Integer> ranks = new TreeMap<>(Arrays::compare);
    substrings.forEach(s -> ranks.merge(s, 1, Integer::sum));
    int below = 0;
    for (var e : ranks.entrySet()) {
      int count = e.getValue();
      e.setValue(below);
      below += count;
    }
    TreeMap<Integer, Integer> names = new TreeMap<>();
    for (int j = 0; j < lms.size(); j++) {
      names.put(lms.get(j), ranks.get(substrings.get(j)));
    }
    return names;
  }
}
