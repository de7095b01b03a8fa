package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sentence BLEU-4 with add-one smoothing for n >= 2, checked against arithmetic by hand. */
class SentenceBleuTest {
  private static List<String> words(String s) {
    return s.isEmpty() ? List.of() : List.of(s.split(" "));
  }

  private static double bleu(String candidate, String reference) {
    return SentenceBleu.of(words(candidate), words(reference));
  }

  @Test
  void anExactOneWordTranslationScoresOneAndAWrongOneZero() {
    // p1 = 1/1; p2..p4 = (0 + 1) / (0 + 1) = 1; brevity 1
    assertThat(bleu("Deutschland", "Deutschland")).isEqualTo(1.0);
    assertThat(bleu("Frankreich", "Deutschland")).isEqualTo(0.0);
    assertThat(bleu("", "Deutschland")).isEqualTo(0.0);
    assertThat(bleu("Deutschland", "")).isEqualTo(0.0);
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
    assertThat(bleu("the cat sat on mat", "the cat sat on the mat"))
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
    assertThat(bleu("the the the", "the cat")).isCloseTo(Math.pow(1.0 / 18, 0.25), within(1e-12));
  }

  @Test
  void anIdenticalSentenceScoresOneAndAShortOneIsPenalized() {
    // candidate "Bosnien und Herzegowina" against itself: every precision 1 (p4 = 1/1 by smoothing)
    assertThat(bleu("Bosnien und Herzegowina", "Bosnien und Herzegowina")).isEqualTo(1.0);
    // candidate "Bosnien" (1), reference "Bosnien und Herzegowina" (3):
    // p1 = 1, p2..p4 = 1 by smoothing, brevity exp(1 - 3/1) = exp(-2)
    assertThat(bleu("Bosnien", "Bosnien und Herzegowina")).isCloseTo(Math.exp(-2), within(1e-12));
  }
}
