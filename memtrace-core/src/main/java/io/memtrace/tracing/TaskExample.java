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
 *     {@code #### N}), or null; study B traces it instead of {@code output}
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

  /**
   * The y that study B traces: the worked solution when there is one (GSM8K: its n-grams are mined
   * and the LM's probability is taken over it, as in the paper's released code), else the output.
   * {@code output} alone decides accuracy.
   */
  public String tracedOutput() {
    return solution != null ? solution : output;
  }

  /** A translation or plain question-answer example. */
  public TaskExample(String id, String input, String output) {
    this(id, input, output, List.of(), null, List.of(), null);
  }
}
