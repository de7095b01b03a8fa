package io.memtrace.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Bleu#of}, unsmoothed over token ids, and {@link Bleu#smoothed}, with add-one smoothing for
 * n >= 2 over words, checked against arithmetic by hand.
 */
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

  // Smoothed sentence BLEU over words.

  private static List<String> words(String s) {
    return s.isEmpty() ? List.of() : List.of(s.split(" "));
  }

  private static double smoothed(String candidate, String reference) {
    return Bleu.smoothed(words(candidate), words(reference));
  }

  @Test
  void anExactOneWordTranslationScoresOneAndAWrongOneZero() {
    // p1 = 1/1; p2..p4 = (0 + 1) / (0 + 1) = 1; brevity 1
    assertThat(smoothed("Deutschland", "Deutschland")).isEqualTo(1.0);
    assertThat(smoothed("Frankreich", "Deutschland")).isEqualTo(0.0);
    assertThat(smoothed("", "Deutschland")).isEqualTo(0.0);
    assertThat(smoothed("Deutschland", "")).isEqualTo(0.0);
  }

  @Test
  void aShortCandidateIsSmoothedAndPenalized() {
    // candidate "the cat sat on mat" (5 words), reference "the cat sat on the mat" (6 words)
    // p1 = 5/5 (the, cat, sat, on, mat all in the reference)
    // p2: the cat, cat sat, sat on match, on mat does not: (3 + 1) / (4 + 1) = 4/5
    // p3: the cat sat, cat sat on match, sat on mat does not: (2 + 1) / (3 + 1) = 3/4
    // p4: the cat sat on matches, cat sat on mat does not: (1 + 1) / (2 + 1) = 2/3
    // geometric mean (1 * 4/5 * 3/4 * 2/3)^(1/4) = (2/5)^(1/4)
    // brevity penalty exp(1 - 6/5) = exp(-1/5)
    double expected = Math.exp(-0.2) * Math.pow(0.4, 0.25); // 0.65112...
    assertThat(smoothed("the cat sat on mat", "the cat sat on the mat"))
        .isCloseTo(expected, within(1e-12))
        .isCloseTo(0.65112, within(1e-5));
  }

  @Test
  void repeatedWordsAreClippedToTheReferenceCount() {
    // candidate "the the the" (3), reference "the cat" (2): no brevity penalty
    // p1 = min(3, 1) / 3 = 1/3
    // p2: "the the" twice, not in the reference: (0 + 1) / (2 + 1) = 1/3
    // p3: "the the the" once, not matched: (0 + 1) / (1 + 1) = 1/2
    // p4: no 4-grams: (0 + 1) / (0 + 1) = 1
    // (1/3 * 1/3 * 1/2 * 1)^(1/4) = (1/18)^(1/4)
    assertThat(smoothed("the the the", "the cat"))
        .isCloseTo(Math.pow(1.0 / 18, 0.25), within(1e-12));
  }

  @Test
  void anIdenticalSentenceScoresOneAndAShortOneIsPenalized() {
    // candidate "Bosnien und Herzegowina" against itself: every precision 1 (p4 = 1/1 by smoothing)
    assertThat(smoothed("Bosnien und Herzegowina", "Bosnien und Herzegowina")).isEqualTo(1.0);
    // candidate "Bosnien" (1), reference "Bosnien und Herzegowina" (3):
    // p1 = 1, p2..p4 = 1 by smoothing, brevity exp(1 - 3/1) = exp(-2)
    assertThat(smoothed("Bosnien", "Bosnien und Herzegowina"))
        .isCloseTo(Math.exp(-2), within(1e-12));
  }
}
