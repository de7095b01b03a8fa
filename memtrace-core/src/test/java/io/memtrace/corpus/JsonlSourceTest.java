package io.memtrace.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JsonlSource}: the source contract on texts of any characters in JSON Lines files written
 * with random layouts, and its messages about bad lines.
 */
class JsonlSourceTest extends BaseWritableDocumentSourceTestCase {
  private static final JsonMapper PLAIN = new JsonMapper();
  private static final JsonMapper ESCAPED =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final String[] BLANK = {"", " ", "\t"};

  /** One JSON Lines file as bytes, where each text went and the error its malformed line gives. */
  record Encoded(byte[] bytes, List<String> where, String error) {}

  @Override
  protected Shape shape() {
    return Shape.ANY;
  }

  @Override
  protected Written write(List<String> texts, int malformed, Compression compression, Random random)
      throws IOException {
    Path file = dir.resolve("corpus.jsonl" + compression.suffix);
    String field = random.nextBoolean() ? "text" : "contents";
    Encoded encoded = encode(file, field, texts, malformed, random);
    store(file, encoded.bytes(), compression);
    return new Written(
        new JsonlSource(file, field), encoded.where(), List.of(file), encoded.error());
  }

  /**
   * {@code texts} as the lines of {@code file}, each in {@code field} among other fields (one of
   * them a nested field of the same name), non-ASCII escaped or not, with blank lines between; when
   * {@code malformed >= 0}, that line is broken JSON, not an object, lacks the field or is not
   * UTF-8.
   */
  static Encoded encode(Path file, String field, List<String> texts, int malformed, Random random)
      throws IOException {
    JsonMapper json = random.nextBoolean() ? PLAIN : ESCAPED;
    String eol = random.nextBoolean() ? "\n" : "\r\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> where = new ArrayList<>();
    String error = null;
    int line = 1;
    for (int i = 0; i < texts.size(); i++) {
      for (int blank = random.nextInt(4) == 0 ? 1 : 0; blank > 0; blank--, line++) {
        bytes.writeBytes(utf8(BLANK[random.nextInt(BLANK.length)] + eol));
      }
      where.add(file + ":" + line);
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      if (random.nextBoolean()) object.put("id", i);
      if (random.nextBoolean()) object.putObject("meta").put(field, "not the document");
      object.put(field, texts.get(i));
      if (random.nextBoolean()) object.put("source", "test");
      String record = json.writeValueAsString(object);
      if (i == malformed) {
        String at = file + ":" + line + ": ";
        switch (random.nextInt(4)) {
          case 0 -> {
            bytes.writeBytes(utf8(record.substring(0, record.length() / 2)));
            error = at + "malformed JSON";
          }
          case 1 -> {
            bytes.writeBytes(utf8("[" + record + "]"));
            error = at + "expected a JSON object";
          }
          case 2 -> {
            object.remove(field);
            bytes.writeBytes(utf8(json.writeValueAsString(object)));
            error = at + "expected a string field \"" + field + "\"";
          }
          default -> {
            bytes.writeBytes(notUtf8(record, random));
            error = at + "not valid UTF-8";
          }
        }
      } else {
        bytes.writeBytes(utf8(record));
      }
      if (i < texts.size() - 1 || random.nextBoolean()) bytes.writeBytes(utf8(eol));
      line++;
    }
    return new Encoded(bytes.toByteArray(), where, error);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Path jsonl(String name, String content, Compression compression) throws IOException {
    return store(dir.resolve(name), utf8(content), compression);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void readsTheTextFieldOfEachLine(Compression compression) throws IOException {
    Path f =
        jsonl(
            "c.jsonl",
            "{\"text\": \"a\\nb\", \"meta\": {\"x\": 1}}\n\n{\"id\": 7, \"text\": \"é\\u00e9\"}\n",
            compression);
    assertThat(readAll(new JsonlSource(f, "text")))
        .containsExactly(new Document(f + ":1", "a\nb"), new Document(f + ":3", "éé"));
  }

  @Test
  void readsADocumentLongerThanJacksonsDefaultStringLimit() throws IOException {
    String text = "ab".repeat(StreamReadConstraints.DEFAULT_MAX_STRING_LEN / 2) + "c";
    Path f = jsonl("long.jsonl", "{\"text\": \"" + text + "\"}\n", Compression.PLAIN);
    List<Document> read = readAll(new JsonlSource(f, "text"));
    assertThat(read).hasSize(1);
    assertThat(read.getFirst().text()).hasSize(text.length()).isEqualTo(text);
  }

  static Stream<Arguments> badLines() {
    return Stream.of(
        Arguments.of("{\"text\": \"ok\"}\n{\"text\": \"broken\n", ":2: malformed JSON"),
        Arguments.of("{\"text\": \"ok\"}\n[1, 2]\n", ":2: expected a JSON object"),
        Arguments.of(
            "{\"text\": \"ok\"}\n{\"text\": \"a\"}{\"text\": \"b\"}\n",
            ":2: malformed JSON (content after the JSON value at column 14)"),
        Arguments.of(
            "{\"text\": \"ok\"}\n{\"body\": \"x\"}\n",
            ":2: expected a string field \"text\", it is missing"),
        Arguments.of("{\"text\": 3}\n", ":1: expected a string field \"text\", found NUMBER"));
  }

  @ParameterizedTest
  @MethodSource("badLines")
  void badLinesAreReportedWithFileAndLine(String content, String message) throws IOException {
    Path f = jsonl("bad.jsonl", content, Compression.PLAIN);
    assertThatThrownBy(() -> readAll(new JsonlSource(f, "text")))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + message);
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"PLAIN", "GZIP"})
  void otherFieldNames(Compression compression) throws IOException {
    Path f = jsonl("c.jsonl", "{\"contents\": \"x y\"}\n", compression);
    assertThat(readAll(new JsonlSource(f, "contents")))
        .extracting(Document::text)
        .containsExactly("x y");
  }
}
