package io.memtrace.corpus;

import io.memtrace.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads strictly decoded UTF-8 lines and knows the current line number, so that a malformed byte
 * sequence or record is reported as {@code file:line} instead of being silently replaced.
 */
final class Utf8Lines implements AutoCloseable {
  private final BufferedReader reader;
  private final String name;
  private long line;

  Utf8Lines(InputStream in, String name) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
    this.name = name;
  }

  /** The next line without its terminator, or null at the end. */
  String next() throws IOException {
    try {
      String s = reader.readLine();
      if (s != null) line++;
      return s;
    } catch (CharacterCodingException e) {
      throw new BadInputException(
          name + ":" + (line + 1) + ": not valid UTF-8 (" + e.getMessage() + ")", e);
    }
  }

  /** 1-based number of the line last returned by {@link #next()}. */
  long lineNumber() {
    return line;
  }

  /** {@code file:line} of the line last returned. */
  String where() {
    return name + ":" + line;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
