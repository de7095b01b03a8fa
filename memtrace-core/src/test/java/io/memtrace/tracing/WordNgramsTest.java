package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.tracing.WordNgrams.Ngram;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Word n-grams computed by hand: words, source substrings, offsets, order, the stop-word rule. */
class WordNgramsTest {
  private static final Optional<StopWords> NONE = Optional.empty();
  private static final Optional<StopWords> EN = StopWords.forLanguage("en");

  private static List<Ngram> of(String text, int n, Optional<StopWords> stop) {
    return WordNgrams.of(text, n, stop);
  }

  @Test
  void wordsSplitAtPunctuationAndSpaceAndAnNgramIsTheSourceText() {
    // "Bosnia & Herzegovina": Bosnia [0, 6), Herzegovina [9, 20)
    String text = "Bosnia & Herzegovina";
    assertThat(of(text, 1, NONE))
        .containsExactly(new Ngram("Bosnia", 1, 0, 6), new Ngram("Herzegovina", 1, 9, 20));
    assertThat(of(text, 2, NONE)).containsExactly(new Ngram("Bosnia & Herzegovina", 2, 0, 20));
    // a hyphen, a comma, a newline and a tab separate words too
    assertThat(of("Guinea-Bissau", 1, NONE))
        .containsExactly(new Ngram("Guinea", 1, 0, 6), new Ngram("Bissau", 1, 7, 13));
    assertThat(of("Guinea-Bissau", 2, NONE)).containsExactly(new Ngram("Guinea-Bissau", 2, 0, 13));
    assertThat(of("Korea,\n\tSouth", 2, NONE))
        .containsExactly(new Ngram("Korea,\n\tSouth", 2, 0, 13));
    // digits belong to words
    assertThat(of("G20 summit", 1, NONE))
        .containsExactly(new Ngram("G20", 1, 0, 3), new Ngram("summit", 1, 4, 10));
  }

  @Test
  void aTextShorterThanNIsOneNgramOfItsWords() {
    assertThat(of("Germany", 3, NONE)).containsExactly(new Ngram("Germany", 3, 0, 7));
    // "  Côte d’Ivoire ": words Côte [2, 6), d [7, 8), Ivoire [9, 15); the spaces around are not
    // part of it, the apostrophe between is
    assertThat(of("  Côte d’Ivoire ", 4, NONE))
        .containsExactly(new Ngram("Côte d’Ivoire", 4, 2, 15));
    assertThat(of("", 2, NONE)).isEmpty();
    assertThat(of(" -- , ", 1, NONE)).isEmpty();
    assertThatThrownBy(() -> of("Germany", 0, NONE)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ngramsAreDistinctInOrderOfFirstOccurrence() {
    // New [0,3) York [4,8) New [10,13) York [14,18) and [19,22) New [23,26) Jersey [27,33)
    String text = "New York, New York and New Jersey";
    assertThat(of(text, 1, NONE))
        .containsExactly(
            new Ngram("New", 1, 0, 3),
            new Ngram("York", 1, 4, 8),
            new Ngram("and", 1, 19, 22),
            new Ngram("Jersey", 1, 27, 33));
    assertThat(of(text, 2, NONE))
        .containsExactly(
            new Ngram("New York", 2, 0, 8),
            new Ngram("York, New", 2, 4, 13),
            new Ngram("York and", 2, 14, 22),
            new Ngram("and New", 2, 19, 26),
            new Ngram("New Jersey", 2, 23, 33));
    // "and" ends or starts two of them
    assertThat(of(text, 2, EN))
        .containsExactly(
            new Ngram("New York", 2, 0, 8),
            new Ngram("York, New", 2, 4, 13),
            new Ngram("New Jersey", 2, 23, 33));
  }

  @Test
  void upToThreeWordsAnNgramThatStartsOrEndsWithAStopWordIsDropped() {
    assertThat(of("Bank of England", 1, EN))
        .containsExactly(new Ngram("Bank", 1, 0, 4), new Ngram("England", 1, 8, 15));
    assertThat(of("Bank of England", 2, EN)).isEmpty();
    assertThat(of("Bank of England", 3, EN))
        .containsExactly(new Ngram("Bank of England", 3, 0, 15));
    // the [0,3) Bank [4,8) of [9,11) England [12,19)
    String text = "the Bank of England";
    assertThat(of(text, 3, EN)).containsExactly(new Ngram("Bank of England", 3, 4, 19));
    assertThat(of(text, 3, NONE))
        .containsExactly(
            new Ngram("the Bank of", 3, 0, 11), new Ngram("Bank of England", 3, 4, 19));
    // stop words match whatever their case; a shorter text is dropped by the same rule
    assertThat(of("The Gambia", 2, EN)).isEmpty();
    assertThat(of("The Gambia", 3, EN)).isEmpty();
  }

  @Test
  void fromFourWordsStopWordsStay() {
    assertThat(of("the Bank of England", 4, EN))
        .containsExactly(new Ngram("the Bank of England", 4, 0, 19));
    assertThat(of("The Gambia", 4, EN)).containsExactly(new Ngram("The Gambia", 4, 0, 10));
    // of [0,2) the [3,6) people [7,13) of [14,16) the [17,20)
    assertThat(of("of the people of the", 4, EN))
        .containsExactly(
            new Ngram("of the people of", 4, 0, 16), new Ngram("the people of the", 4, 3, 20));
    assertThat(of("and the", 5, EN)).containsExactly(new Ngram("and the", 5, 0, 7));
  }

  @Test
  void accentsAndOtherScriptsAreLetters() {
    Optional<StopWords> cs = StopWords.forLanguage("cs");
    assertThat(of("Česká republika", 1, cs))
        .containsExactly(new Ngram("Česká", 1, 0, 5), new Ngram("republika", 1, 6, 15));
    assertThat(of("Česká republika", 2, cs))
        .containsExactly(new Ngram("Česká republika", 2, 0, 15));
    // Czech "a" (and) is a stop word: Bosna [0,5) a [6,7) Hercegovina [8,19)
    assertThat(of("Bosna a Hercegovina", 2, cs)).isEmpty();
    assertThat(of("Bosna a Hercegovina", 3, cs))
        .containsExactly(new Ngram("Bosna a Hercegovina", 3, 0, 19));
    // decomposed accents: combining marks stay inside the word (C + caron, a + acute)
    String decomposed = "C\u030Ceska\u0301 republika";
    assertThat(of(decomposed, 1, NONE))
        .containsExactly(new Ngram("C\u030Ceska\u0301", 1, 0, 7), new Ngram("republika", 1, 8, 17));
    // Greek: Ελληνική [0,8) Δημοκρατία [9,19)
    assertThat(of("Ελληνική Δημοκρατία", 1, NONE))
        .containsExactly(new Ngram("Ελληνική", 1, 0, 8), new Ngram("Δημοκρατία", 1, 9, 19));
    assertThat(of("Ελληνική Δημοκρατία", 2, NONE))
        .containsExactly(new Ngram("Ελληνική Δημοκρατία", 2, 0, 19));
    // Greek "και" (and) is a stop word: Βοσνία [0,6) και [7,10) Ερζεγοβίνη [11,21)
    Optional<StopWords> el = StopWords.forLanguage("el");
    assertThat(of("Βοσνία και Ερζεγοβίνη", 2, el)).isEmpty();
    assertThat(of("Βοσνία και Ερζεγοβίνη", 1, el))
        .containsExactly(new Ngram("Βοσνία", 1, 0, 6), new Ngram("Ερζεγοβίνη", 1, 11, 21));
    // a letter outside the Basic Multilingual Plane is two chars: 𝐀 [0,2) then bc
    assertThat(of("\uD835\uDC00bc d", 1, NONE))
        .containsExactly(new Ngram("\uD835\uDC00bc", 1, 0, 4), new Ngram("d", 1, 5, 6));
  }
}
