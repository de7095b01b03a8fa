package io.memtrace.tracing.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.BadInputException;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a task from a file in one of the {@link TaskFormat} layouts. The task is named after the
 * file ({@code wmt09-de.jsonl} -> {@code wmt09-de}) and gets the default prompt of its kind; any
 * malformed line is an error naming {@code file:line} and what was expected.
 */
public final class TaskReader {
  private TaskReader() {}

  /** Reads {@code file} in the format {@link TaskFormat#detect detected} from it. */
  public static Task read(Path file) throws IOException {
    return read(file, TaskFormat.detect(file));
  }

  /**
   * Reads {@code file} in {@code format}. WMT files translate from English into the other language
   * of the first line (give the pair with {@link #readWmt} otherwise); generic files are multiple
   * choice when their examples have choices (all of them or none must), else question answering.
   */
  public static Task read(Path file, TaskFormat format) throws IOException {
    String name = TaskFiles.stem(file);
    return switch (format) {
      case GENERIC -> {
        List<TaskExample> examples = readJsonl(file, JsonExamples.generic());
        boolean choices = examples.stream().anyMatch(e -> !e.choices().isEmpty());
        yield Task.of(name, choices ? Kind.MULTIPLE_CHOICE : Kind.QA, "en", "en", examples);
      }
      case WMT -> readWmt(file, "en", otherThanEnglish(file));
      case TRIVIA_QA -> Task.of(name, Kind.QA, "en", "en", readJsonl(file, JsonExamples::triviaQa));
      case MMLU ->
          Task.of(name, Kind.MULTIPLE_CHOICE, "en", "en", readJsonl(file, JsonExamples::mmlu));
      case MMLU_CSV ->
          Task.of(name, Kind.MULTIPLE_CHOICE, "en", "en", nonEmpty(file, MmluCsv.read(file)));
      case GSM8K -> Task.of(name, Kind.MATH, "en", "en", readJsonl(file, JsonExamples::gsm8k));
    };
  }

  /** Reads a WMT file translating {@code source} into {@code target}, e.g. "en" into "de". */
  public static Task readWmt(Path file, String source, String target) throws IOException {
    return Task.of(
        TaskFiles.stem(file),
        Kind.TRANSLATION,
        source,
        target,
        readJsonl(file, JsonExamples.wmt(source, target)));
  }

  private static List<TaskExample> readJsonl(Path file, JsonExamples.Parser parser)
      throws IOException {
    List<TaskExample> examples = new ArrayList<>();
    try (JsonLines lines = new JsonLines(file)) {
      for (ObjectNode line = lines.next(); line != null; line = lines.next()) {
        examples.add(parser.parse(line, lines));
      }
    }
    return nonEmpty(file, examples);
  }

  private static List<TaskExample> nonEmpty(Path file, List<TaskExample> examples)
      throws BadInputException {
    if (examples.isEmpty()) throw BadInputException.in(file, "no examples");
    return examples;
  }

  /** The language paired with "en" on the first line: study B translates from English. */
  private static String otherThanEnglish(Path file) throws IOException {
    try (JsonLines lines = new JsonLines(file)) {
      ObjectNode first = lines.next();
      if (first == null) throw BadInputException.in(file, "no examples");
      List<String> languages =
          first.get("translation") instanceof ObjectNode pair
              ? JsonExamples.fieldNames(pair)
              : List.of();
      if (languages.size() != 2 || !languages.contains("en")) {
        throw lines.bad(
            "expected \"translation\" to pair \"en\" with one other language, found "
                + languages
                + "; name the source and target languages");
      }
      return languages.get(languages.indexOf("en") ^ 1);
    }
  }
}
