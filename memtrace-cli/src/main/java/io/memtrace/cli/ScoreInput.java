package io.memtrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.BadInputException;
import io.memtrace.JsonLine;
import io.memtrace.Utf8Lines;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines of a score input, {@code {"tokens": [ids...]}} or {@code {"text": "..."}}, read in batches
 * and tokenized; errors name the file and line, a line that is not UTF-8 among them.
 */
final class ScoreInput {
  /** One input line as token ids; {@code fromText} when the line gave text. */
  record Row(long line, int[] tokens, boolean fromText) {}

  private final Path file;
  private final Utf8Lines reader;
  private final Tokenizer tokenizer;
  private final int vocab;
  private long line;

  ScoreInput(Path file, Utf8Lines reader, Tokenizer tokenizer, int vocab) {
    this.file = file;
    this.reader = reader;
    this.tokenizer = tokenizer;
    this.vocab = vocab;
  }

  /** Up to {@code rows} more rows; empty at the end of the input. Blank lines are skipped. */
  List<Row> next(int rows) throws IOException {
    List<Row> out = new ArrayList<>();
    List<Integer> textAt = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    String text;
    while (out.size() < rows && (text = reader.next()) != null) {
      line = reader.lineNumber();
      if (text.isBlank()) continue;
      JsonNode node = JsonLine.read(text, file + ":" + line);
      if (node != null && node.path("tokens").isArray()) {
        out.add(new Row(line, tokens(node.get("tokens")), false));
      } else if (node != null && node.path("text").isTextual()) {
        if (tokenizer == null) {
          throw bad("gives text, but the model directory has no tokenizer.json; give \"tokens\"");
        }
        textAt.add(out.size());
        texts.add(node.get("text").asText());
        out.add(new Row(line, null, true));
      } else {
        throw bad("expected {\"tokens\": [ids...]} or {\"text\": \"...\"}");
      }
    }
    int[][] encoded = texts.isEmpty() ? new int[0][] : tokenizer.encodeBatch(texts);
    for (int i = 0; i < encoded.length; i++) {
      Row r = out.get(textAt.get(i));
      for (int id : encoded[i]) {
        if (id >= vocab) {
          throw bad(r.line(), "the tokenizer gives id " + id + ", past the model's vocabulary");
        }
      }
      out.set(textAt.get(i), new Row(r.line(), encoded[i], true));
    }
    return out;
  }

  private int[] tokens(JsonNode array) throws BadInputException {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = array.get(i);
      if (!id.canConvertToInt()
          || !id.isIntegralNumber()
          || id.asInt() < 0
          || id.asInt() >= vocab) {
        throw bad("token " + id + " is not an id of the model's vocabulary 0.." + (vocab - 1));
      }
      ids[i] = id.asInt();
    }
    return ids;
  }

  private BadInputException bad(String what) {
    return bad(line, what);
  }

  private BadInputException bad(long at, String what) {
    return new BadInputException(file + ":" + at + ": " + what);
  }
}
