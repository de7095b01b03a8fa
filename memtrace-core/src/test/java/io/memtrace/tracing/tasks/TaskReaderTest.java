package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What holds across the formats: detection, errors about lines of any format, bad UTF-8. The
 * contract of each format and its published fixture are in the tests that extend {@link
 * BaseTaskReaderTestCase}.
 */
class TaskReaderTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "generic.jsonl, GENERIC",
    "wmt09-de.jsonl, WMT",
    "trivia_qa.jsonl, TRIVIA_QA",
    "mmlu.jsonl, MMLU",
    "anatomy_test.csv, MMLU_CSV",
    "gsm8k.jsonl, GSM8K"
  })
  void detectsTheFormatOfEachPublishedLayout(String file, TaskFormat format) throws Exception {
    assertThat(TaskFormat.detect(BaseTaskReaderTestCase.fixture(file))).isEqualTo(format);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MMLU | {\"question\": \"q\", \"choices\": [\"a\", \"b\"], \"answer\": 2}"
            + " | :1: expected an integer \"answer\" from 0 to 1, found 2",
        "GSM8K | {\"question\": \"q\", \"answer\": \"no final line\"}"
            + " | :1: expected \"answer\" to end in \"#### <final answer>\"",
        "TRIVIA_QA | {\"question\": \"q\", \"answer\": {\"aliases\": []}}"
            + " | :1: expected a string field \"value\", it is missing",
        "WMT | {\"translation\": {\"en\": \"a\", \"de\": \"\"}}"
            + " | :1: \"de\" is empty, expected text",
        "WMT | {\"translation\": {\"en\": \"a\", \"de\": \"b\", \"fr\": \"c\"}}"
            + " | :1: expected \"translation\" to pair \"en\" with one other language",
      })
  void datasetErrorsNameFileAndLine(TaskFormat format, String content, String message)
      throws IOException {
    Path f = write("bad.jsonl", content);
    assertThatThrownBy(() -> TaskReader.read(f, format))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + message);
  }

  @Test
  void undetectableFormatListsTheFieldsFound() throws IOException {
    Path f = write("x.jsonl", "\n{\"prompt\": \"a\", \"completion\": \"b\"}\n");
    assertThatThrownBy(() -> TaskReader.read(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(
            f + ":2: cannot tell the task format from the fields [prompt, completion]");
  }

  @ParameterizedTest
  @CsvSource({"bad.jsonl, GENERIC", "anatomy_test.csv, MMLU_CSV"})
  void malformedUtf8IsAnError(String name, TaskFormat format) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, new byte[] {'a', '\n', (byte) 0xff, '\n'});
    // The reader decodes ahead, so the error can only say where the bad bytes lie at the earliest.
    assertThatThrownBy(() -> TaskReader.read(f, format))
        .isInstanceOf(BadInputException.class)
        .hasMessage(f + ": not valid UTF-8 on line 1 or later");
  }
}
