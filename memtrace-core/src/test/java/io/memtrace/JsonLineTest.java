package io.memtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonLine}: exactly one JSON value per line, strings past Jackson's default limit. */
class JsonLineTest {
  @Test
  void readsOneValueWithSurroundingSpace() throws BadInputException {
    assertThat(JsonLine.read("  {\"a\": [1, \"x\"]}\t ", "f:1").toString())
        .isEqualTo("{\"a\":[1,\"x\"]}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1}{\"a\":2}", "{\"a\":1} {\"a\":2}", "[1] 2", "1 2"})
  void contentAfterTheValueIsAnErrorNotDropped(String line) {
    assertThatThrownBy(() -> JsonLine.read(line, "f.jsonl:7"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(
            "f.jsonl:7: malformed JSON (content after the JSON value at column");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "{\"a\":", "{a:1}", "\"x\"]"})
  void noValueOrBrokenJsonIsMalformed(String line) {
    assertThatThrownBy(() -> JsonLine.read(line, "f.jsonl:2"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("f.jsonl:2: malformed JSON (");
  }

  @Test
  void stringsLongerThanJacksonsDefaultAreRead() throws BadInputException {
    int length = StreamReadConstraints.DEFAULT_MAX_STRING_LEN + 1;
    String text = "a".repeat(length);
    assertThat(JsonLine.read("{\"text\": \"" + text + "\"}", "f:1").get("text").textValue())
        .hasSize(length);
  }

  @Test
  void aStringPastTheLimitIsRefusedNamingIt() {
    JsonLine small = new JsonLine(1000);
    assertThatThrownBy(() -> small.parse("{\"text\": \"" + "b".repeat(1001) + "\"}", "f:3"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("f:3: a JSON string is longer than memtrace's limit of 1000 characters");
  }

  @Test
  void theLimitIsAboveJacksonsDefault() {
    assertThat(JsonLine.MAX_STRING_LENGTH)
        .isGreaterThan(StreamReadConstraints.DEFAULT_MAX_STRING_LEN);
  }

  /** The structure-aware fuzz tests nest values 3,000 deep: a limit, but not the string's. */
  @Test
  void nestingPastJacksonsLimitIsNamedAsNesting() {
    String deep = "[".repeat(2000) + "]".repeat(2000);
    assertThatThrownBy(() -> JsonLine.read("{\"text\": " + deep + "}", "f:4"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("f:4: malformed JSON (")
        .hasMessageContaining("nesting depth")
        .hasMessageContaining("exceeds the maximum allowed (1000)")
        .hasMessageNotContaining("string")
        .hasMessageNotContaining("StreamReadConstraints");
    // A number past the length limit: the same, without the library's setting.
    assertThatThrownBy(() -> JsonLine.read("{\"n\": " + "9".repeat(1100) + "}", "f:5"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("f:5: malformed JSON (")
        .hasMessageNotContaining("StreamReadConstraints")
        .hasMessageNotContaining("`");
  }
}
