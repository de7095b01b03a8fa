package io.memtrace.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import io.memtrace.BadInputException;
import io.memtrace.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextFileSourceTest {
  private static final String TEXT = "first line\nsecond line\n\n\n  \nthird ü\r\nfourth\n";

  @TempDir Path dir;

  static List<Document> readAll(DocumentSource source) throws IOException {
    List<Document> docs = new ArrayList<>();
    source.read(docs::add, Progress.NONE);
    return docs;
  }

  static Path write(Path file, byte[] bytes, String compression) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream out =
        switch (compression) {
          case "gz" -> new GZIPOutputStream(buf);
          case "zst" -> new ZstdOutputStream(buf);
          default -> buf;
        }) {
      out.write(bytes);
    }
    Files.write(file, buf.toByteArray());
    return file;
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "gz", "zst"})
  void paragraphsAreBlankLineSeparatedBlocks(String compression) throws IOException {
    Path f = write(dir.resolve("a.txt"), TEXT.getBytes(StandardCharsets.UTF_8), compression);
    assertThat(readAll(new TextFileSource(f, TextSplit.PARAGRAPH)))
        .containsExactly(
            new Document(f + ":1", "first line\nsecond line"),
            new Document(f + ":6", "third ü\nfourth"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "gz", "zst"})
  void wholeFileIsOneDocumentByteForByte(String compression) throws IOException {
    Path f = write(dir.resolve("a.txt"), TEXT.getBytes(StandardCharsets.UTF_8), compression);
    assertThat(readAll(new TextFileSource(f, TextSplit.FILE)))
        .containsExactly(new Document(f.toString(), TEXT));
  }

  @Test
  void linesSkipEmptyOnes() throws IOException {
    Path f = write(dir.resolve("a.txt"), TEXT.getBytes(StandardCharsets.UTF_8), "plain");
    assertThat(readAll(new TextFileSource(f, TextSplit.LINE)))
        .extracting(Document::text)
        .containsExactly("first line", "second line", "  ", "third ü", "fourth");
  }

  @Test
  void progressCountsStoredBytes() throws IOException {
    Path f =
        write(dir.resolve("a.txt.gz"), TEXT.repeat(100).getBytes(StandardCharsets.UTF_8), "gz");
    AtomicLong bytes = new AtomicLong();
    new TextFileSource(f, TextSplit.LINE).read(d -> true, bytes::addAndGet);
    assertThat(bytes.get()).isEqualTo(Files.size(f));
  }

  @Test
  void sinkCanStopTheReading() throws IOException {
    Path f = write(dir.resolve("a.txt"), TEXT.getBytes(StandardCharsets.UTF_8), "plain");
    List<String> seen = new ArrayList<>();
    boolean finished =
        new TextFileSource(f, TextSplit.LINE)
            .read(d -> seen.add(d.text()) && seen.size() < 2, Progress.NONE);
    assertThat(finished).isFalse();
    assertThat(seen).containsExactly("first line", "second line");
  }

  @Test
  void invalidUtf8NamesFileAndLine() throws IOException {
    byte[] bad = {'o', 'k', '\n', 'b', (byte) 0xC3, '(', '\n'};
    Path f = write(dir.resolve("bad.txt"), bad, "plain");
    assertThatThrownBy(() -> readAll(new TextFileSource(f, TextSplit.LINE)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(f + ":2")
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> readAll(new TextFileSource(f, TextSplit.FILE)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(f.toString());
  }

  @Test
  void truncatedGzipIsAnError() throws IOException {
    Path f = write(dir.resolve("a.txt.gz"), TEXT.repeat(50).getBytes(StandardCharsets.UTF_8), "gz");
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> readAll(new TextFileSource(f, TextSplit.LINE)))
        .isInstanceOf(IOException.class);
  }
}
