package io.memtrace.tracing;

import java.util.List;
import java.util.Objects;

/**
 * One example (x, y) of a task: the LM sees {@code input} through the task's prompt and is scored
 * on {@code output}.
 *
 * @param id unique within its task (the dataset's id, else the line the example starts on)
 * @param input x, e.g. the English sentence or the question
 * @param output y, the reference output; for multiple choice the text of the correct choice
 * @param choices the options in order for multiple choice, else empty
 * @param subject the MMLU subject, or null
 * @param alternatives other acceptable outputs besides {@code output} (TriviaQA aliases), else
 *     empty
 * @param solution the worked solution {@code output} was taken from (GSM8K's full answer, ending in
 *     {@code #### N}), or null; the task-gram analysis may take y's n-grams from it
 */
public record TaskExample(
    String id,
    String input,
    String output,
    List<String> choices,
    String subject,
    List<String> alternatives,
    String solution) {
  public TaskExample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    choices = List.copyOf(choices);
    alternatives = List.copyOf(alternatives);
  }

  /** A translation or plain question-answer example. */
  public TaskExample(String id, String input, String output) {
    this(id, input, output, List.of(), null, List.of(), null);
  }
}
