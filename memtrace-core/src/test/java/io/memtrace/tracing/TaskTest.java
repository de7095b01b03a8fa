package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.tracing.Task.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTest {
  private static final TaskExample HOUSE = new TaskExample("1", "The house.", "Das Haus.");

  @Test
  void translationPromptNamesTheTargetLanguage() {
    Task task = Task.of("t", Kind.TRANSLATION, "en", "de", List.of(HOUSE));
    assertThat(task.prompt(HOUSE)).isEqualTo("English text: The house.\nGerman translation: ");
    assertThat(Task.defaultTemplate(Kind.TRANSLATION, "en", "hu"))
        .isEqualTo("English text: {input}\nHungarian translation: ");
  }

  @Test
  void questionPrompts() {
    TaskExample q = new TaskExample("1", "Who won Super Bowl XX?", "Chicago Bears");
    assertThat(Task.of("qa", Kind.QA, "en", "en", List.of(q)).prompt(q))
        .isEqualTo("Question: Who won Super Bowl XX?\nAnswer: ");
    assertThat(Task.of("math", Kind.MATH, "en", "en", List.of(q)).prompt(q))
        .isEqualTo("Question: Who won Super Bowl XX?\nAnswer: ");
  }

  @Test
  void multipleChoicePromptLettersTheChoices() {
    TaskExample q =
        new TaskExample("1", "2 + 2?", "4", List.of("3", "4", "5"), "math", List.of(), null);
    assertThat(Task.of("mc", Kind.MULTIPLE_CHOICE, "en", "en", List.of(q)).prompt(q))
        .isEqualTo("Question: 2 + 2?\nA. 3\nB. 4\nC. 5\nAnswer: ");
  }

  @Test
  void templateCanBeOverriddenAndPlaceholdersInTheInputStayLiteral() {
    TaskExample odd = new TaskExample("1", "say {input} and {choices}", "ok");
    Task task = Task.of("qa", Kind.QA, "en", "en", List.of(odd)).withTemplate("Q: {input}\nA:");
    assertThat(task.prompt(odd)).isEqualTo("Q: say {input} and {choices}\nA:");
  }

  @Test
  void templateWithoutInputIsRejected() {
    Task task = Task.of("qa", Kind.QA, "en", "en", List.of(HOUSE));
    assertThatThrownBy(() -> task.withTemplate("Answer: "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no {input} placeholder");
  }
}
