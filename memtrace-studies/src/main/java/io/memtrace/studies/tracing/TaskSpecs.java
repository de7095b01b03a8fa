package io.memtrace.studies.tracing;

import io.memtrace.BadInputException;
import io.memtrace.tracing.Task;
import io.memtrace.tracing.tasks.CountryNamesTask;
import io.memtrace.tracing.tasks.TaskFormat;
import io.memtrace.tracing.tasks.TaskReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks named as the user names them: {@code countries} (the embedded English country names in cs,
 * de, es, fr, hu, it), {@code countries:LANG}, or a task file (generic JSON Lines, WMT, TriviaQA,
 * MMLU, GSM8K).
 */
public final class TaskSpecs {
  private TaskSpecs() {}

  /**
   * @param format the format of task files; null to detect it from the first line
   * @param source WMT files: the source language (null: en)
   * @param target WMT files: the target language; null for other formats
   * @param template a prompt template with {@code {input}} replacing the task's; null to keep it
   */
  public static List<Task> load(
      List<String> specs, TaskFormat format, String source, String target, String template)
      throws IOException {
    List<Task> out = new ArrayList<>();
    for (String t : specs) {
      if (t.equals("countries")) {
        out.addAll(CountryNamesTask.all());
      } else if (t.startsWith("countries:")) {
        try {
          out.add(CountryNamesTask.of(t.substring("countries:".length())));
        } catch (IllegalArgumentException e) {
          throw new BadInputException("--task " + t + ": " + e.getMessage());
        }
      } else {
        Path file = Path.of(t);
        if (!Files.isRegularFile(file)) {
          throw new BadInputException(
              "--task " + t + ": no such file, and not countries or countries:LANG");
        }
        out.add(
            target != null
                ? TaskReader.readWmt(file, source == null ? "en" : source, target)
                : format == null ? TaskReader.read(file) : TaskReader.read(file, format));
      }
    }
    if (template == null) return out;
    List<Task> with = new ArrayList<>();
    for (Task task : out) {
      try {
        with.add(task.withTemplate(template.replace("\\n", "\n")));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--template: " + e.getMessage());
      }
    }
    return with;
  }
}
