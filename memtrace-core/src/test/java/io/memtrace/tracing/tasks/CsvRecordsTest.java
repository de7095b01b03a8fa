package io.memtrace.tracing.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
  private static final Path FILE = Path.of("x.csv");

  /** Each record's start line, then its fields. */
  private static List<List<String>> records(String csv) throws IOException {
    List<List<String>> out = new ArrayList<>();
    try (CsvRecords records = new CsvRecords(FILE, new StringReader(csv))) {
      for (List<String> r = records.next(); r != null; r = records.next()) {
        List<String> row = new ArrayList<>();
        row.add(String.valueOf(records.recordLine()));
        row.addAll(r);
        out.add(row);
      }
    }
    return out;
  }

  @Test
  void plainFieldsAndLineEndings() throws IOException {
    assertThat(records("a,b\r\nc,,d\n\n\re,f"))
        .containsExactly(
            List.of("1", "a", "b"), List.of("2", "c", "", "d"), List.of("5", "e", "f"));
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
    assertThat(records("\"a, b\",\"say \"\"hi\"\"\",\"two\r\nlines\nthree\"\nnext,\"\"\n"))
        .containsExactly(
            List.of("1", "a, b", "say \"hi\"", "two\r\nlines\nthree"), List.of("4", "next", ""));
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsKept() throws IOException {
    assertThat(records("5\" screen,x\n")).containsExactly(List.of("1", "5\" screen", "x"));
  }

  @Test
  void unclosedQuoteNamesTheLineItOpensOn() {
    assertThatThrownBy(() -> records("a,b\nc,\"open\nstill open\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("x.csv:2: a quoted field opened on this line is never closed");
  }

  @Test
  void textAfterAClosingQuoteIsAnError() {
    assertThatThrownBy(() -> records("a\n\"b\"c,d\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "x.csv:2: expected ',' or the end of the line after a closing quote, found 'c'");
  }
}
