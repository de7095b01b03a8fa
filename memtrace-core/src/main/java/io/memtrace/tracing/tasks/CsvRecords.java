package io.memtrace.tracing.tasks;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a CSV file as RFC 4180 defines them (memtrace has no CSV library): fields
 * separated by commas, records by CRLF, LF or CR; a field in double quotes may hold commas, line
 * breaks and quotes doubled ({@code ""}). Blank lines are skipped. A quote inside an unquoted field
 * is kept as it is, as Python's {@code csv} module (which wrote the MMLU files) reads it; text
 * after a closing quote and a quote never closed are errors naming {@code file:line}.
 */
final class CsvRecords implements AutoCloseable {
  private static final int END = -1, NONE = -2;

  private final Path file;
  private final Reader in;
  private int peeked = NONE;
  private long line = 1, recordLine;

  CsvRecords(Path file, Reader in) {
    this.file = file;
    this.in = in;
  }

  /** The fields of the next record, or null at the end of the file. */
  List<String> next() throws IOException {
    int c = read();
    while (c == '\n' || c == '\r') {
      endLine(c);
      c = read();
    }
    if (c == END) return null;
    recordLine = line;
    List<String> fields = new ArrayList<>();
    while (true) {
      StringBuilder field = new StringBuilder();
      if (c == '"') {
        c = readQuoted(field);
        if (c != ',' && !endsRecord(c)) {
          throw bad(
              line,
              "expected ',' or the end of the line after a closing quote, found '"
                  + (char) c
                  + "'");
        }
      } else {
        for (; c != ',' && !endsRecord(c); c = read()) field.append((char) c);
      }
      fields.add(field.toString());
      if (c != ',') {
        endLine(c);
        return fields;
      }
      c = read();
    }
  }

  /** The line the record last returned starts on. */
  long recordLine() {
    return recordLine;
  }

  /** "file:line: what" about the record last returned. */
  BadInputException bad(String what) {
    return bad(recordLine, what);
  }

  /** Reads a quoted field after its opening quote; returns the character after the closing one. */
  private int readQuoted(StringBuilder field) throws IOException {
    long opened = line;
    while (true) {
      int c = read();
      if (c == END) throw bad(opened, "a quoted field opened on this line is never closed");
      if (c == '"') {
        if (peek() != '"') return read();
        read();
      } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
        line++;
      }
      field.append((char) c);
    }
  }

  private static boolean endsRecord(int c) {
    return c == END || c == '\n' || c == '\r';
  }

  private void endLine(int c) throws IOException {
    if (c == END) return;
    if (c == '\r' && peek() == '\n') read();
    line++;
  }

  private int peek() throws IOException {
    if (peeked == NONE) peeked = readChar();
    return peeked;
  }

  private int read() throws IOException {
    if (peeked == NONE) return readChar();
    int c = peeked;
    peeked = NONE;
    return c;
  }

  private int readChar() throws IOException {
    try {
      return in.read();
    } catch (CharacterCodingException e) {
      // The reader decodes ahead of the characters it returns, so the bad bytes may lie further on.
      throw BadInputException.in(file, "not valid UTF-8 on line " + line + " or later");
    }
  }

  private BadInputException bad(long at, String what) {
    return new BadInputException(file + ":" + at + ": " + what);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
