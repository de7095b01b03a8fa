package io.memtrace.model.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.AtomicWrite;
import io.memtrace.BadInputException;
import io.memtrace.JsonMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The passages planted in a suite's training rows: each passage is one row of held-out corpus text
 * (never otherwise trained on) repeated {@code count} times at the listed row indices of the
 * training order. File {@code duplicates.json}:
 *
 * <pre>{@code
 * {"format": "memtrace-duplicates", "version": 1, "row_length": INT,
 *  "passages": [{"id": INT, "count": INT, "tokens": [INT...], "rows": [LONG...]}...]}
 * }</pre>
 */
public record DuplicateManifest(String format, int version, int rowLength, List<Passage> passages) {
  public static final String FILE = "duplicates.json";
  public static final String FORMAT = "memtrace-duplicates";
  public static final int VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** One planted passage and the training rows that hold it. */
  public record Passage(int id, int count, int[] tokens, long[] rows) {}

  public DuplicateManifest {
    passages = List.copyOf(passages);
  }

  public void write(Path file) throws IOException {
    AtomicWrite.write(file, out -> JSON.writeValue(out, this));
  }

  public static DuplicateManifest read(Path file) throws IOException {
    DuplicateManifest m;
    try {
      m = JSON.readValue(Files.readAllBytes(file), DuplicateManifest.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw BadInputException.in(file, "not a duplicates manifest: " + JsonMessages.of(e));
    }
    if (!FORMAT.equals(m.format()) || m.version() != VERSION) {
      throw BadInputException.in(
          file,
          "format " + m.format() + " v" + m.version() + "; expected " + FORMAT + " v" + VERSION);
    }
    return m;
  }
}
