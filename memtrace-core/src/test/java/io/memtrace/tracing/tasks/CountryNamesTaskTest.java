package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CountryNamesTaskTest {
  @Test
  void germanNames() {
    Task de = CountryNamesTask.of("de");
    assertThat(de.kind()).isEqualTo(Kind.TRANSLATION);
    assertThat(de.targetLanguage()).isEqualTo("de");
    assertThat(de.examples())
        .hasSize(Locale.getISOCountries().length)
        .extracting(TaskExample::id, TaskExample::input, TaskExample::output)
        .contains(tuple("DE", "Germany", "Deutschland"), tuple("FR", "France", "Frankreich"));
    assertThat(de.prompt(de.examples().getFirst()))
        .startsWith("English text: ")
        .endsWith("\nGerman translation: ");
  }

  @Test
  void orderIsByCodeAndNamesTheSameInBothLanguagesAreKept() {
    Task it = CountryNamesTask.of("it");
    assertThat(it.examples()).extracting(TaskExample::id).isSorted();
    assertThat(it.examples()).anyMatch(e -> e.input().equals(e.output()));
    assertThat(CountryNamesTask.of("it")).isEqualTo(it);
  }

  @Test
  void everyLanguageHasATask() {
    assertThat(CountryNamesTask.all())
        .extracting(Task::targetLanguage)
        .containsExactly("cs", "de", "es", "fr", "hu", "it");
  }

  @Test
  void unknownLanguageListsTheSupportedOnes() {
    assertThatThrownBy(() -> CountryNamesTask.of("pt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"pt\"")
        .hasMessageContaining("[cs, de, es, fr, hu, it]");
  }
}
