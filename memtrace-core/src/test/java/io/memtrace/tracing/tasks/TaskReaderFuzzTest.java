package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.JsonMutations;
import io.memtrace.Mutations;
import io.memtrace.tracing.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated task files of every format read as a task with examples, or fail with a message naming
 * the file.
 */
class TaskReaderFuzzTest {
  @TempDir Path dir;

  static Stream<Arguments> taskFiles() {
    return Stream.of(
        Arguments.of(
            "generic.jsonl",
            "{\"input\": \"2+2?\", \"output\": \"4\"}\n{\"input\": \"b\", \"output\": \"c\"}\n"),
        Arguments.of(
            "multiple.jsonl",
            "{\"input\": \"q\", \"output\": \"a\", \"choices\": [\"a\", \"b\"]}\n"),
        Arguments.of(
            "wmt09-de.jsonl",
            "{\"translation\": {\"en\": \"a house\", \"de\": \"ein Haus\"}}\n"
                + "{\"translation\": {\"de\": \"b\", \"en\": \"c\"}}\n"),
        Arguments.of(
            "trivia.jsonl",
            "{\"question\": \"who?\", \"answer\": {\"value\": \"x\", \"aliases\": [\"y\"]}}\n"),
        Arguments.of(
            "mmlu.jsonl",
            "{\"question\": \"q?\", \"choices\": [\"a\", \"b\", \"c\", \"d\"], \"answer\": 2}\n"),
        Arguments.of("gsm8k.jsonl", "{\"question\": \"1+1?\", \"answer\": \"it is\\n#### 2\"}\n"),
        Arguments.of("anatomy_test.csv", "\"What, here?\",a,b,c,d,A\nsecond,e,f,g,h,D\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taskFiles")
  void mutatedTaskFileReadsOrFailsNamingTheFile(String name, String content) throws Exception {
    fuzz(Mutations::mutate, name, content);
  }

  /** Types swapped, keys dropped or given twice, lines repeated, extreme numbers, deep nesting. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("taskFiles")
  void taskFileOfMutatedStructureReadsOrFailsNamingTheFile(String name, String content)
      throws Exception {
    if (name.endsWith(".jsonl")) fuzz(JsonMutations::mutate, name, content);
  }

  private void fuzz(Mutations.Mutator mutator, String name, String content) throws Exception {
    byte[] valid = content.getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve(name);
    Files.write(file, valid);
    assertThat(TaskReader.read(file).examples()).isNotEmpty();
    Mutations.run(
        mutator,
        valid,
        1,
        Mutations.cases() / 4,
        name,
        input -> {
          Files.write(file, input);
          Task task = TaskReader.read(file);
          assertThat(task.examples()).isNotEmpty();
        });
  }
}
