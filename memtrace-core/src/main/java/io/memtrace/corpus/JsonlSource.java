package io.memtrace.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.BadInputException;
import io.memtrace.JsonLine;
import io.memtrace.Progress;
import io.memtrace.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A JSON Lines file ({@code .jsonl}, gzip or zstd compressed), one document per line in a string
 * field ({@code text} by default, as in the Pile and Dolma). Blank lines are skipped; any other
 * line that is not one JSON object with that string field is an error naming {@code file:line} (see
 * {@link JsonLine} for what a line may hold).
 */
public record JsonlSource(Path file, String field) implements DocumentSource {
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
    try (InputStream in = CompressedInput.open(file, progress);
        var lines = new Utf8Lines(in, file.toString())) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (line.isBlank()) continue;
        String text = textOf(line, lines.where());
        if (!text.isEmpty() && !sink.accept(new Document(lines.where(), text))) return false;
      }
    }
    return true;
  }

  private String textOf(String line, String where) throws BadInputException {
    JsonNode node = JsonLine.read(line, where);
    if (!node.isObject()) {
      throw new BadInputException(where + ": expected a JSON object, found " + node.getNodeType());
    }
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new BadInputException(
          where
              + ": expected a string field \""
              + field
              + "\""
              + (value == null ? ", it is missing" : ", found " + value.getNodeType()));
    }
    return value.textValue();
  }
}
