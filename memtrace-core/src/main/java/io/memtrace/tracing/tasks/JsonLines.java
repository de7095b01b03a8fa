package io.memtrace.tracing.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.BadInputException;
import io.memtrace.JsonLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;

/** The non-blank lines of a JSON Lines file, each a JSON object, with their line numbers. */
final class JsonLines implements AutoCloseable {
  private final Path file;
  private final BufferedReader in;
  private long line;

  JsonLines(Path file) throws IOException {
    this.file = file;
    this.in = TaskFiles.open(file);
  }

  /** The next object, or null at the end of the file. */
  ObjectNode next() throws IOException {
    String text;
    do {
      try {
        text = in.readLine();
      } catch (CharacterCodingException e) {
        // The reader decodes ahead of the lines it returns, so the bad bytes may lie further on.
        throw BadInputException.in(file, "not valid UTF-8 on line " + (line + 1) + " or later");
      }
      if (text == null) return null;
      line++;
    } while (text.isBlank());
    JsonNode node = JsonLine.read(text, file + ":" + line);
    if (!node.isObject()) throw bad("expected a JSON object, found " + node.getNodeType());
    return (ObjectNode) node;
  }

  /** 1-based number of the line last returned. */
  long line() {
    return line;
  }

  /** An error about the line last returned: "file:line: what". */
  BadInputException bad(String what) {
    return new BadInputException(file + ":" + line + ": " + what);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
