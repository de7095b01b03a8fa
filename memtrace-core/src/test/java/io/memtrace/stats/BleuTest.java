package io.memtrace.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BleuTest {
  @Test
  void identicalSequencesScoreOne() {
    int[] a = {1, 2, 3, 4, 5, 6};
    assertThat(Bleu.of(a, a)).isEqualTo(1.0);
    assertThat(Bleu.editDistance(a, a)).isZero();
  }

  @Test
  void handComputedValue() {
    // 1 2 3 4 9 6 vs 1 2 3 4 5 6: matching n-grams 5/6, 3/5, 2/4, 1/3.
    assertThat(Bleu.of(new int[] {1, 2, 3, 4, 9, 6}, new int[] {1, 2, 3, 4, 5, 6}))
        .isCloseTo(
            Math.exp(
                (Math.log(5.0 / 6) + Math.log(3.0 / 5) + Math.log(2.0 / 4) + Math.log(1.0 / 3))
                    / 4),
            within(1e-12));
    // 1 2 9 4 9 6: no 4-gram matches, so 0 without smoothing.
    assertThat(Bleu.of(new int[] {1, 2, 9, 4, 9, 6}, new int[] {1, 2, 3, 4, 5, 6})).isZero();
    // candidate 1 2 3 4 5 9 7 8: unigrams 6/8 clipped? reference 1 2 3 4 5 6 7 8.
    // 1-grams: 7/8; 2-grams: (12 23 34 45 78) 5/7; 3-grams: (123 234 345) 3/6; 4-grams: (1234 2345)
    // 2/5
    double expected =
        Math.exp(
            (Math.log(7.0 / 8) + Math.log(5.0 / 7) + Math.log(3.0 / 6) + Math.log(2.0 / 5)) / 4);
    assertThat(Bleu.of(new int[] {1, 2, 3, 4, 5, 9, 7, 8}, new int[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .isCloseTo(expected, within(1e-12));
    // Clipping: a repeated token counts at most as often as in the reference.
    // 1-grams of 1 1 1 1 vs 1 2 3 4: 1/4; no bigram matches -> 0.
    assertThat(Bleu.of(new int[] {1, 1, 1, 1}, new int[] {1, 2, 3, 4})).isZero();
    // Brevity penalty: candidate shorter than the reference.
    double short4 = Bleu.of(new int[] {1, 2, 3, 4}, new int[] {1, 2, 3, 4, 5, 6});
    assertThat(short4).isCloseTo(Math.exp(1 - 6.0 / 4), within(1e-12));
  }

  @Test
  void editDistanceKnownValues() {
    assertThat(Bleu.editDistance(new int[] {1, 2, 3}, new int[] {1, 3})).isEqualTo(1);
    assertThat(Bleu.editDistance(new int[] {1, 2, 3}, new int[] {3, 2, 1})).isEqualTo(2);
    assertThat(Bleu.editDistance(new int[] {}, new int[] {4, 5})).isEqualTo(2);
  }
}
