package io.memtrace.corpus;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A plain-text file (optionally gzip or zstd compressed), cut into documents by {@link TextSplit}.
 * Empty documents are skipped: they hold no tokens.
 */
public record TextFileSource(Path file, TextSplit split) implements DocumentSource {
  @Override
  public String name() {
    return file.toString();
  }

  @Override
  public List<Path> files() {
    return List.of(file);
  }

  @Override
  public long sizeBytes() throws IOException {
    return Files.size(file);
  }

  @Override
  public boolean read(Sink sink, Progress progress) throws IOException {
    try (InputStream in = CompressedInput.open(file, progress)) {
      return switch (split) {
        case FILE -> readWhole(file, in, sink);
        case PARAGRAPH -> readParagraphs(file, in, sink);
        case LINE -> readLines(file, in, sink);
      };
    }
  }

  private static boolean readWhole(Path file, InputStream in, Sink sink) throws IOException {
    String text;
    ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes());
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
    } catch (CharacterCodingException e) {
      // the decoder stops at the start of the malformed sequence
      throw BadInputException.in(file, "not valid UTF-8 at byte " + (bytes.position() + 1));
    }
    return text.isEmpty() || sink.accept(new Document(file.toString(), text));
  }

  private static boolean readParagraphs(Path file, InputStream in, Sink sink) throws IOException {
    try (var lines = new Utf8Lines(in, file.toString())) {
      StringBuilder block = new StringBuilder();
      long start = 0;
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (line.isBlank()) {
          if (!emit(file, start, block, sink)) return false;
        } else {
          if (block.isEmpty()) start = lines.lineNumber();
          else block.append('\n');
          block.append(line);
        }
      }
      return emit(file, start, block, sink);
    }
  }

  private static boolean emit(Path file, long line, StringBuilder block, Sink sink)
      throws IOException {
    if (block.isEmpty()) return true;
    boolean more = sink.accept(new Document(file + ":" + line, block.toString()));
    block.setLength(0);
    return more;
  }

  private static boolean readLines(Path file, InputStream in, Sink sink) throws IOException {
    try (var lines = new Utf8Lines(in, file.toString())) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (!line.isEmpty() && !sink.accept(new Document(lines.where(), line))) return false;
      }
      return true;
    }
  }
}
