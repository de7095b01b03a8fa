package io.memtrace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads lines ending in {@code \n} or {@code \r\n} and decodes each strictly as UTF-8, so a
 * malformed byte sequence is reported as {@code file:line} of the line that holds it instead of
 * being silently replaced (a buffered {@code Reader} decodes ahead and loses the line). Every line
 * input of memtrace is read through it.
 */
public final class Utf8Lines implements AutoCloseable {
  private final InputStream in;
  private final String name;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int pos, limit;
  private byte[] line = new byte[1 << 12];
  private long number;

  public Utf8Lines(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** The next line without its terminator, or null at the end. */
  public String next() throws IOException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) return null;
          break;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') pos++;
      int n = pos - start;
      if (length + n > line.length)
        line = Arrays.copyOf(line, Math.max(length + n, 2 * line.length));
      System.arraycopy(buffer, start, line, length, n);
      length += n;
      if (pos < limit) {
        pos++; // the '\n'
        break;
      }
    }
    number++;
    if (length > 0 && line[length - 1] == '\r') length--;
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
    try {
      return decoder.decode(bytes).toString();
    } catch (CharacterCodingException e) {
      // the decoder stops at the start of the malformed sequence
      throw new BadInputException(
          where() + ": not valid UTF-8 at byte " + (bytes.position() + 1) + " of the line", e);
    }
  }

  /** 1-based number of the line last returned by {@link #next()}. */
  public long lineNumber() {
    return number;
  }

  /** {@code file:line} of the line last returned. */
  public String where() {
    return name + ":" + number;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
