package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.tracing.TaskGramMiner.Candidate;
import io.memtrace.tracing.WordNgrams.Ngram;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Candidate pairs: input n-grams crossed with output n-grams, per example and n, by hand. */
class TaskGramMinerTest {
  private static final Task COUNTRIES =
      Task.of(
          "countries",
          Task.Kind.TRANSLATION,
          "en",
          "de",
          List.of(
              new TaskExample("ba", "Bosnia and Herzegovina", "Bosnien und Herzegowina"),
              new TaskExample("de", "Germany", "Deutschland"),
              new TaskExample("gb", "United Kingdom", "Vereinigtes Königreich")));

  @Test
  void everyInputNgramMeetsEveryOutputNgramPerExampleAndN() {
    // Bosnia [0,6) and [7,10) Herzegovina [11,22); Bosnien [0,7) und [8,11) Herzegowina [12,23)
    // United [0,6) Kingdom [7,14); Vereinigtes [0,11) Königreich [12,22)
    Ngram bosnia = new Ngram("Bosnia", 1, 0, 6);
    Ngram herzegovina = new Ngram("Herzegovina", 1, 11, 22);
    Ngram bosnien = new Ngram("Bosnien", 1, 0, 7);
    Ngram herzegowina = new Ngram("Herzegowina", 1, 12, 23);
    Ngram united = new Ngram("United", 1, 0, 6);
    Ngram kingdom = new Ngram("Kingdom", 1, 7, 14);
    Ngram vereinigtes = new Ngram("Vereinigtes", 1, 0, 11);
    Ngram koenigreich = new Ngram("Königreich", 1, 12, 22);
    assertThat(TaskGramMiner.candidates(COUNTRIES, 1, 3))
        .containsExactly(
            // example 0, n = 1: 2 x 2 ("and", "und" are stop words)
            new Candidate(0, 1, bosnia, bosnien),
            new Candidate(0, 1, bosnia, herzegowina),
            new Candidate(0, 1, herzegovina, bosnien),
            new Candidate(0, 1, herzegovina, herzegowina),
            // n = 2: every bigram starts or ends with a stop word, none
            // n = 3: the whole names
            new Candidate(
                0,
                3,
                new Ngram("Bosnia and Herzegovina", 3, 0, 22),
                new Ngram("Bosnien und Herzegowina", 3, 0, 23)),
            // example 1: one word each, one n-gram for every n
            new Candidate(1, 1, new Ngram("Germany", 1, 0, 7), new Ngram("Deutschland", 1, 0, 11)),
            new Candidate(1, 2, new Ngram("Germany", 2, 0, 7), new Ngram("Deutschland", 2, 0, 11)),
            new Candidate(1, 3, new Ngram("Germany", 3, 0, 7), new Ngram("Deutschland", 3, 0, 11)),
            // example 2, n = 1: 2 x 2; n = 2 and 3: the whole names
            new Candidate(2, 1, united, vereinigtes),
            new Candidate(2, 1, united, koenigreich),
            new Candidate(2, 1, kingdom, vereinigtes),
            new Candidate(2, 1, kingdom, koenigreich),
            new Candidate(
                2,
                2,
                new Ngram("United Kingdom", 2, 0, 14),
                new Ngram("Vereinigtes Königreich", 2, 0, 22)),
            new Candidate(
                2,
                3,
                new Ngram("United Kingdom", 3, 0, 14),
                new Ngram("Vereinigtes Königreich", 3, 0, 22)));
  }

  @Test
  void onlyTheRequestedSizesAreMined() {
    assertThat(TaskGramMiner.candidates(COUNTRIES, 2, 2))
        .extracting(c -> c.example() + ":" + c.input().text() + "|" + c.output().text())
        .containsExactly("1:Germany|Deutschland", "2:United Kingdom|Vereinigtes Königreich");
    // n = 4 keeps stop words, so "Bosnia and Herzegovina" is one 4-gram
    assertThat(TaskGramMiner.candidates(COUNTRIES, 4, 4)).hasSize(3).allMatch(c -> c.n() == 4);
  }

  @Test
  void eachSideUsesItsOwnLanguagesStopWords() {
    // "xx" has no list: "The" stays on the output side, not on the English input side
    Task task =
        Task.of(
            "t",
            Task.Kind.TRANSLATION,
            "en",
            "xx",
            List.of(new TaskExample("1", "The Gambia", "The Gambie")));
    assertThat(TaskGramMiner.candidates(task, 1, 2))
        .containsExactly(
            new Candidate(0, 1, new Ngram("Gambia", 1, 4, 10), new Ngram("The", 1, 0, 3)),
            new Candidate(0, 1, new Ngram("Gambia", 1, 4, 10), new Ngram("Gambie", 1, 4, 10)));
  }

  @Test
  void anExampleWhoseInputAndOutputShareAnNgramGivesNoPairsAtThatN() {
    Task task =
        Task.of(
            "t",
            Task.Kind.QA,
            "en",
            "en",
            List.of(
                new TaskExample("1", "Where is New-York City?", "in new york, USA"),
                new TaskExample("2", "Angola", "Angola")));
    // n = 1 shares "york", n = 2 "new york" once punctuation and case are gone; at n = 3 (stop
    // words
    // drop "Where is New") the input's one trigram and the output's differ: one pair; "Angola" is
    // one n-gram on both sides at every n
    assertThat(TaskGramMiner.candidates(task, 1, 2)).isEmpty();
    assertThat(TaskGramMiner.candidates(task, 3, 3))
        .extracting(c -> c.input().text() + "|" + c.output().text())
        .containsExactly("New-York City|new york, USA")
        .allMatch(c -> !c.startsWith("Angola"));
  }

  @Test
  void gsm8kTracesTheWorkedSolution() {
    Task task =
        Task.of(
            "gsm8k",
            Task.Kind.MATH,
            "en",
            "en",
            List.of(
                new TaskExample(
                    "1",
                    "How many legs do 3 cats have?",
                    "12",
                    List.of(),
                    null,
                    List.of(),
                    "Each cat has 4 legs, so 3*4=12 legs.\n#### 12")));
    assertThat(TaskGramMiner.candidates(task, 4, 4))
        .extracting(c -> c.output().text())
        .contains("Each cat has 4", "4=12 legs.\n#### 12");
  }
}
