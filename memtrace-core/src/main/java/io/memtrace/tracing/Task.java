package io.memtrace.tracing;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A task of study B: named examples, the kind that decides how performance is measured, the
 * languages of input and output, and the prompt template that turns an example's input into the
 * text the LM sees before the output.
 *
 * <p>A template holds {@code {input}} and may hold {@code {choices}}, which expands to one line per
 * choice, {@code "A. first\nB. second\n..."}. The defaults follow the paper's prompts. For multiple
 * choice the accuracy prompt lists the lettered choices before {@code "Answer: "}, so that the LM
 * sees the options it chooses among; study B's P_LLM is taken with {@link #tracingPrompt}, without
 * them (as the paper's released code does), so the model cannot copy the answer from the prompt.
 * The output stays the correct choice's text (not its letter), so that the task-gram pairs and the
 * LM probability refer to the same string.
 *
 * @param sourceLanguage code of the input's language ("en")
 * @param targetLanguage code of the output's language ("de"; "en" for tasks other than translation)
 */
public record Task(
    String name,
    List<TaskExample> examples,
    Kind kind,
    String sourceLanguage,
    String targetLanguage,
    String template) {
  public static final String INPUT = "{input}";
  public static final String CHOICES = "{choices}";

  /** The kind of task, which decides the performance metric. */
  public enum Kind {
    TRANSLATION,
    QA,
    MULTIPLE_CHOICE,
    MATH
  }

  public Task {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sourceLanguage, "sourceLanguage");
    Objects.requireNonNull(targetLanguage, "targetLanguage");
    examples = List.copyOf(examples);
    if (!template.contains(INPUT)) {
      throw new IllegalArgumentException(
          "prompt template \"" + template + "\" has no " + INPUT + " placeholder");
    }
  }

  /** A task with the default prompt template of its kind. */
  public static Task of(
      String name,
      Kind kind,
      String sourceLanguage,
      String targetLanguage,
      List<TaskExample> examples) {
    return new Task(
        name,
        examples,
        kind,
        sourceLanguage,
        targetLanguage,
        defaultTemplate(kind, sourceLanguage, targetLanguage));
  }

  /** Study B's prompt for the kind, e.g. {@code "English text: {input}\nGerman translation: "}. */
  public static String defaultTemplate(Kind kind, String sourceLanguage, String targetLanguage) {
    return switch (kind) {
      case TRANSLATION ->
          languageName(sourceLanguage)
              + " text: "
              + INPUT
              + "\n"
              + languageName(targetLanguage)
              + " translation: ";
      case QA, MATH -> "Question: " + INPUT + "\nAnswer: ";
      case MULTIPLE_CHOICE -> "Question: " + INPUT + "\n" + CHOICES + "Answer: ";
    };
  }

  /**
   * The English name of a language code: "de" -> "German" (the code itself if the JDK has none).
   */
  public static String languageName(String code) {
    return Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
  }

  public Task withTemplate(String template) {
    return new Task(name, examples, kind, sourceLanguage, targetLanguage, template);
  }

  /** The text the LM sees before the output of {@code example} when it answers. */
  public String prompt(TaskExample example) {
    return expand(example, true);
  }

  /**
   * The text before the traced output when study B takes P_LLM and the infini-gram probability: the
   * prompt without the choices.
   */
  public String tracingPrompt(TaskExample example) {
    return expand(example, false);
  }

  private String expand(TaskExample example, boolean withChoices) {
    // One pass over the template, so that placeholders inside an input or a choice stay literal.
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      if (template.startsWith(INPUT, i)) {
        out.append(example.input());
        i += INPUT.length();
      } else if (template.startsWith(CHOICES, i)) {
        if (withChoices) appendChoices(example.choices(), out);
        i += CHOICES.length();
      } else {
        out.append(template.charAt(i++));
      }
    }
    return out.toString();
  }

  private static void appendChoices(List<String> choices, StringBuilder out) {
    if (choices.size() > 26) {
      throw new IllegalArgumentException(
          "cannot letter " + choices.size() + " choices, at most 26 (A to Z)");
    }
    for (int c = 0; c < choices.size(); c++) {
      out.append((char) ('A' + c)).append(". ").append(choices.get(c)).append('\n');
    }
  }
}
