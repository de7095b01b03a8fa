package io.memtrace.memorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The template heuristics against the released code's own test cases (EleutherAI/semantic-
 * memorization, filters/test_highly_repetitive.py and test_pattern_incrementing.py: inputs and
 * expected answers as published), hand-made sequences, and the repetition rule against its
 * definition by chunks tried one by one.
 */
class TemplatesTest {
  @Test
  void repetitionAsTheReleasedTestsExpect() {
    assertThat(Templates.repeating(new int[] {1, 2, 3, 1, 2, 3, 1, 2, 3})).isTrue();
    assertThat(Templates.repeating(new int[] {1, 2, 3, 4, 5, 6, 7})).isFalse();
    assertThat(Templates.repeating(new int[] {})).isFalse();
    assertThat(Templates.repeating(new int[] {1})).isFalse();
  }

  @Test
  void repetitionAllowsAPrefixAndTwoStrayTokens() {
    // A chunk repeated after a prefix of fewer than half the tokens, two stray tokens after it.
    assertThat(Templates.repeating(new int[] {9, 8, 7, 5, 6, 5, 6, 5, 6, 5, 6, 1, 2})).isTrue();
    // Three stray tokens at the end are too many.
    assertThat(Templates.repeating(new int[] {5, 6, 5, 6, 5, 6, 5, 1, 2, 3})).isFalse();
    // A prefix of half the sequence is too long.
    assertThat(Templates.repeating(new int[] {1, 2, 3, 4, 7, 7, 7, 7})).isFalse();
    assertThat(Templates.repeating(new int[] {1, 2, 3, 7, 7, 7, 7, 7})).isTrue();
  }

  /**
   * The chunks the released code tries, one by one: k copies (k = 2..5) of a chunk of c tokens and
   * a partial copy shorter than c, for c from m / k down while the partial copy stays shorter.
   */
  @Test
  void repetitionIsAChunkRepeatedTwoToFiveTimes() {
    Random r = new Random(11);
    for (int trial = 0; trial < 3000; trial++) {
      int n = r.nextInt(16);
      int[] t = new int[n];
      int period = 1 + r.nextInt(4);
      for (int i = 0; i < n; i++)
        t[i] = i < period || r.nextInt(8) == 0 ? r.nextInt(3) : t[i - period];
      assertThat(Templates.repeating(t)).as(java.util.Arrays.toString(t)).isEqualTo(byChunks(t));
    }
  }

  private static boolean byChunks(int[] t) {
    int n = t.length;
    for (int k = 2; k <= 5; k++) {
      for (int from = 0; from < Math.max(1, n / 2); from++) {
        for (int trim = 0; trim <= 2; trim++) {
          int m = n - from - trim;
          for (int c = m / k; c >= 1 && m - c * k < c; c--) {
            boolean same = true;
            for (int i = c; i < m && same; i++) same = t[from + i] == t[from + i % c];
            if (same) return true;
          }
        }
      }
    }
    return false;
  }

  @Test
  void incrementingAsTheReleasedTestsExpect() {
    assertThat(Templates.incrementing("123456789")).isTrue();
    assertThat(Templates.incrementing("1A23456789")).isFalse();
    assertThat(Templates.incrementing("12.8. 12.9. 13.0. 13.1. 13.2. 13.3.")).isTrue();
    assertThat(Templates.incrementing("128.\n129.\n130.\n131.\n132.\n133.")).isTrue();
    assertThat(Templates.incrementing("- 128.\n- 129.\n- 130.\n- 131.\n- 132.\n- 133.")).isTrue();
    assertThat(
            Templates.incrementing(
                "\n![](edinbmedj75052-0047-b){#f5.123}\n![](edinbmedj75052-0049-a){#f6.125}\n"
                    + "![](edinbmedj75052-0049-b){#f7.125}\n![](edin\n"))
        .isTrue();
    assertThat(Templates.incrementing("A.1 , A.2 , A.3 , A.4, B.1 , B.2, B.3, C.1")).isTrue();
  }

  @Test
  void incrementingNeedsDigitsAndAPattern() {
    assertThat(Templates.incrementing("")).isFalse();
    assertThat(Templates.incrementing("The committee approved the report in 2009.")).isFalse();
    // Numbers without order.
    assertThat(Templates.incrementing("7, 91, 3, 55, 12, 8, 40, 2")).isFalse();
    // Falling by one.
    assertThat(Templates.incrementing("item 9; item 8; item 7; item 6; item 5; item 4")).isTrue();
    // Decimal section numbers are read as numbers.
    assertThat(Templates.incrementing("4.1 and 4.2 and 4.3 and 4.4 and 4.5 and 4.6")).isTrue();
  }
}
