package io.memtrace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Reads one line of a JSON Lines file as exactly one JSON value: the way every JSONL input of
 * memtrace is parsed (corpus documents, score inputs, task files, batch queries).
 *
 * <p>Content after the value on the same line is an error, not ignored: {@code {"a":1}{"a":2}},
 * what {@code cat} of a file without a final newline gives, would otherwise lose the second object.
 * Strings may be up to {@link #MAX_STRING_LENGTH} characters, far above Jackson's default of
 * 20,000,000, so that one long document of a corpus is read rather than refused.
 */
public final class JsonLine {
  /**
   * The longest JSON string a line may hold, in characters: 256 Mi (268,435,456). A longer one is
   * refused with this limit named in the message.
   */
  public static final int MAX_STRING_LENGTH = 1 << 28;

  private static final JsonLine DEFAULT = new JsonLine(MAX_STRING_LENGTH);

  private final int maxStringLength;
  private final ObjectMapper json;

  /** A reader with another string limit; tests use a small one. */
  JsonLine(int maxStringLength) {
    this.maxStringLength = maxStringLength;
    this.json =
        JsonMapper.builder(
                JsonFactory.builder()
                    .streamReadConstraints(
                        StreamReadConstraints.builder().maxStringLength(maxStringLength).build())
                    .build())
            .build();
  }

  /**
   * The one JSON value on {@code line}.
   *
   * @param where the file and line, "file:line", that errors start with
   * @throws BadInputException "where: malformed JSON (why), expected one JSON value per line" when
   *     the line is not one JSON value, or a message naming {@link #MAX_STRING_LENGTH} when a
   *     string is longer
   */
  public static JsonNode read(String line, String where) throws BadInputException {
    return DEFAULT.parse(line, where);
  }

  JsonNode parse(String line, String where) throws BadInputException {
    try (JsonParser parser = json.createParser(line)) {
      JsonNode node = json.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw malformed(where, "no value");
      }
      if (parser.nextToken() != null) {
        throw malformed(
            where,
            "content after the JSON value at column "
                + parser.currentTokenLocation().getColumnNr());
      }
      return node;
    } catch (StreamConstraintsException e) {
      if (!JsonMessages.of(e).startsWith("String value length")) {
        throw malformed(where, JsonMessages.of(e)); // nesting depth, number length
      }
      throw new BadInputException(
          where
              + ": a JSON string is longer than memtrace's limit of "
              + maxStringLength
              + " characters");
    } catch (JsonProcessingException e) {
      throw malformed(where, JsonMessages.of(e));
    } catch (BadInputException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail with I/O", e);
    }
  }

  private static BadInputException malformed(String where, String why) {
    return new BadInputException(
        where + ": malformed JSON (" + why + "), expected one JSON value per line");
  }
}
