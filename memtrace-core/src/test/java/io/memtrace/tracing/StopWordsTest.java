package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stop-word lists study B's languages need, matched whatever the case. */
class StopWordsTest {
  private static StopWords list(String language) {
    return StopWords.forLanguage(language).orElseThrow();
  }

  @Test
  void englishMatchesIgnoringCase() {
    StopWords en = list("en");
    assertThat(en.language()).isEqualTo("en");
    assertThat(en.contains("the")).isTrue();
    assertThat(en.contains("The")).isTrue();
    assertThat(en.contains("THE")).isTrue();
    assertThat(en.contains("of")).isTrue();
    assertThat(en.contains("and")).isTrue();
    assertThat(en.contains("Germany")).isFalse();
    assertThat(en.contains("Bank")).isFalse();
    assertThat(StopWords.forLanguage("EN")).isPresent();
  }

  @Test
  void theTranslationTargetsHaveLists() {
    assertThat(list("de").contains("und")).isTrue();
    assertThat(list("de").contains("Und")).isTrue();
    assertThat(list("de").contains("Deutschland")).isFalse();
    assertThat(list("cs").contains("a")).isTrue();
    assertThat(list("cs").contains("při")).isTrue();
    assertThat(list("cs").contains("republika")).isFalse();
    assertThat(list("hu").contains("és")).isTrue();
    assertThat(list("hu").contains("az")).isTrue();
    assertThat(list("hu").contains("Magyarország")).isFalse();
    assertThat(list("es").contains("de")).isTrue();
    assertThat(list("fr").contains("et")).isTrue();
    assertThat(list("it").contains("di")).isTrue();
  }

  @Test
  void greekMatchesWithAccentsAndFinalSigma() {
    // Lucene's Greek list is written after its Greek lower-casing: no accents, σ for ς
    StopWords el = list("el");
    assertThat(el.contains("και")).isTrue();
    assertThat(el.contains("Και")).isTrue();
    assertThat(el.contains("από")).isTrue();
    assertThat(el.contains("είναι")).isTrue();
    assertThat(el.contains("προς")).isTrue();
    assertThat(el.contains("ΠΡΟΣ")).isTrue();
    assertThat(el.contains("Ελλάδα")).isFalse();
  }

  @Test
  void anUnknownLanguageHasNoList() {
    assertThat(StopWords.forLanguage("xx")).isEmpty();
    assertThat(StopWords.forLanguage("")).isEmpty();
  }

  @Test
  void languagesListsStudyBsLanguages() {
    assertThat(StopWords.languages()).contains("en", "cs", "de", "es", "fr", "hu", "it");
    for (String language : StopWords.languages()) {
      assertThat(StopWords.forLanguage(language)).isPresent();
    }
  }
}
