package io.memtrace.corpus;

import static io.memtrace.corpus.TextFileSourceTest.readAll;
import static io.memtrace.corpus.TextFileSourceTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonlSourceTest {
  @TempDir Path dir;

  private Path jsonl(String name, String content, String compression) throws IOException {
    return write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8), compression);
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "gz", "zst"})
  void readsTheTextFieldOfEachLine(String compression) throws IOException {
    Path f =
        jsonl(
            "c.jsonl",
            "{\"text\": \"a\\nb\", \"meta\": {\"x\": 1}}\n\n{\"id\": 7, \"text\": \"é\\u00e9\"}\n",
            compression);
    assertThat(readAll(new JsonlSource(f, "text")))
        .containsExactly(new Document(f + ":1", "a\nb"), new Document(f + ":3", "éé"));
  }

  static Stream<Arguments> badLines() {
    return Stream.of(
        Arguments.of("{\"text\": \"ok\"}\n{\"text\": \"broken\n", ":2: malformed JSON"),
        Arguments.of("{\"text\": \"ok\"}\n[1, 2]\n", ":2: expected a JSON object"),
        Arguments.of(
            "{\"text\": \"ok\"}\n{\"body\": \"x\"}\n",
            ":2: expected a string field \"text\", it is missing"),
        Arguments.of("{\"text\": 3}\n", ":1: expected a string field \"text\", found NUMBER"));
  }

  @ParameterizedTest
  @MethodSource("badLines")
  void badLinesAreReportedWithFileAndLine(String content, String message) throws IOException {
    Path f = jsonl("bad.jsonl", content, "plain");
    assertThatThrownBy(() -> readAll(new JsonlSource(f, "text")))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "gz"})
  void otherFieldNames(String compression) throws IOException {
    Path f = jsonl("c.jsonl", "{\"contents\": \"x y\"}\n", compression);
    assertThat(readAll(new JsonlSource(f, "contents")))
        .extracting(Document::text)
        .containsExactly("x y");
  }
}
