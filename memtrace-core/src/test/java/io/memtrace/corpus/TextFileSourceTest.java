package io.memtrace.corpus;

import static io.memtrace.corpus.BaseDocumentSourceTestCase.readAll;
import static io.memtrace.corpus.BaseWritableDocumentSourceTestCase.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.corpus.BaseWritableDocumentSourceTestCase.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TextFileSource}: the source contract under each split, and how each split cuts a file. */
class TextFileSourceTest {
  private static final String TEXT = "first line\nsecond line\n\n\n  \nthird ü\r\nfourth\n";
  private static final String[] BLANK = {"", " ", "\t", "  \t "};

  @TempDir Path dir;

  @Nested
  class Lines extends Contract {
    Lines() {
      super(TextSplit.LINE);
    }
  }

  @Nested
  class Paragraphs extends Contract {
    Paragraphs() {
      super(TextSplit.PARAGRAPH);
    }
  }

  @Nested
  class WholeFiles extends Contract {
    WholeFiles() {
      super(TextSplit.FILE);
    }
  }

  /** The contract for one split: the texts it holds, written with random blank lines and ends. */
  abstract static class Contract extends BaseWritableDocumentSourceTestCase {
    private final TextSplit split;

    Contract(TextSplit split) {
      this.split = split;
    }

    @Override
    protected Shape shape() {
      return switch (split) {
        case LINE -> Shape.LINES;
        case PARAGRAPH -> Shape.PARAGRAPHS;
        case FILE -> Shape.WHOLE;
      };
    }

    @Override
    protected Written write(
        List<String> texts, int malformed, Compression compression, Random random)
        throws IOException {
      Path file = dir.resolve("corpus.txt" + compression.suffix);
      String eol = random.nextBoolean() ? "\n" : "\r\n";
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      List<String> where = new ArrayList<>();
      String error = null;
      switch (split) {
        case FILE -> {
          for (int i = 0; i < texts.size(); i++) {
            bytes.writeBytes(i == malformed ? notUtf8(texts.get(i), random) : utf8(texts.get(i)));
            where.add(file.toString());
            if (i == malformed) error = file + ": not valid UTF-8";
          }
        }
        case LINE -> {
          for (int i = 0; i < texts.size(); i++) {
            bytes.writeBytes(i == malformed ? notUtf8(texts.get(i), random) : utf8(texts.get(i)));
            if (i < texts.size() - 1 || random.nextBoolean()) bytes.writeBytes(utf8(eol));
            where.add(file + ":" + (i + 1));
            if (i == malformed) error = file + ":" + (i + 1) + ": not valid UTF-8";
          }
        }
        case PARAGRAPH -> {
          int line = 1;
          for (int blank = random.nextInt(3); blank > 0; blank--, line++) {
            bytes.writeBytes(utf8(BLANK[random.nextInt(BLANK.length)] + eol));
          }
          for (int i = 0; i < texts.size(); i++) {
            where.add(file + ":" + line);
            String text = texts.get(i);
            if (i != malformed && text.isEmpty()) {
              bytes.writeBytes(utf8(BLANK[random.nextInt(BLANK.length)] + eol)); // one more blank
              line++;
              continue;
            }
            String[] lines = i == malformed ? new String[] {"a", "b", "c"} : text.split("\n");
            int bad = random.nextInt(lines.length);
            for (int l = 0; l < lines.length; l++, line++) {
              if (i == malformed && l == bad) {
                bytes.writeBytes(notUtf8(lines[l], random));
                error = file + ":" + line + ": not valid UTF-8";
              } else {
                bytes.writeBytes(utf8(lines[l]));
              }
              bytes.writeBytes(utf8(eol));
            }
            for (int blank = 1 + random.nextInt(2); blank > 0; blank--, line++) {
              bytes.writeBytes(utf8(BLANK[random.nextInt(BLANK.length)] + eol));
            }
          }
        }
      }
      store(file, bytes.toByteArray(), compression);
      return new Written(new TextFileSource(file, split), where, List.of(file), error);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource({
    "LINE, PLAIN", "LINE, GZIP", "LINE, ZSTD",
    "PARAGRAPH, PLAIN", "PARAGRAPH, GZIP", "PARAGRAPH, ZSTD",
    "FILE, PLAIN", "FILE, GZIP", "FILE, ZSTD"
  })
  void cutsTheSampleAsItsSplitSays(TextSplit split, Compression compression) throws IOException {
    Path f = store(dir.resolve("a.txt"), utf8(TEXT), compression);
    List<Document> expected =
        switch (split) {
          case PARAGRAPH ->
              List.of(
                  new Document(f + ":1", "first line\nsecond line"),
                  new Document(f + ":6", "third ü\nfourth"));
          case FILE -> List.of(new Document(f.toString(), TEXT));
          case LINE ->
              List.of(
                  new Document(f + ":1", "first line"),
                  new Document(f + ":2", "second line"),
                  new Document(f + ":5", "  "),
                  new Document(f + ":6", "third ü"),
                  new Document(f + ":7", "fourth"));
        };
    assertThat(readAll(new TextFileSource(f, split))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "LINE, ':2: not valid UTF-8 at byte 2 of the line'",
    "PARAGRAPH, ':2: not valid UTF-8 at byte 2 of the line'",
    "FILE, ': not valid UTF-8 at byte 5'"
  })
  void invalidUtf8NamesFileLineAndByte(TextSplit split, String message) throws IOException {
    byte[] bad = {'o', 'k', '\n', 'b', (byte) 0xC3, '(', '\n'};
    Path f = store(dir.resolve("bad.txt"), bad, Compression.PLAIN);
    assertThatThrownBy(() -> readAll(new TextFileSource(f, split)))
        .isInstanceOf(BadInputException.class)
        .hasMessage(f + message);
  }
}
