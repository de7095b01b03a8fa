package io.memtrace.tracing.tasks;

import io.memtrace.tracing.TaskExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The original MMLU layout (Hendrycks et al., {@code data/test/anatomy_test.csv}): no header, one
 * record per question, {@code question,A,B,C,D,answer} with the answer a letter A to D. The subject
 * is the file name without its split suffix ({@code _test}, {@code _dev}, {@code _val}).
 */
final class MmluCsv {
  private static final String LETTERS = "ABCD";

  private MmluCsv() {}

  static List<TaskExample> read(Path file) throws IOException {
    String subject = TaskFiles.stem(file).replaceFirst("_(test|dev|val)$", "");
    List<TaskExample> examples = new ArrayList<>();
    try (CsvRecords records = new CsvRecords(file, TaskFiles.open(file))) {
      for (List<String> r = records.next(); r != null; r = records.next()) {
        if (r.size() != 6) {
          throw records.bad("expected 6 fields (question,A,B,C,D,answer), found " + r.size());
        }
        String question = r.get(0), answer = r.get(5).strip();
        if (question.isBlank()) throw records.bad("the question is empty");
        int index = answer.length() == 1 ? LETTERS.indexOf(answer.charAt(0)) : -1;
        if (index < 0) {
          throw records.bad("expected the answer to be a letter A to D, found \"" + answer + "\"");
        }
        List<String> choices = r.subList(1, 5);
        if (choices.get(index).isBlank())
          throw records.bad("the correct choice " + answer + " is empty");
        examples.add(
            new TaskExample(
                String.valueOf(records.recordLine()),
                question,
                choices.get(index),
                choices,
                subject,
                List.of(),
                null));
      }
    }
    return examples;
  }
}
