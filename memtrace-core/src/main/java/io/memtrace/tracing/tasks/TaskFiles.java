package io.memtrace.tracing.tasks;

import io.memtrace.Progress;
import io.memtrace.corpus.CompressedInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** Opening task files and naming tasks after them. */
final class TaskFiles {
  private TaskFiles() {}

  /**
   * A strict UTF-8 reader of {@code file}, gzip or zstd compressed or plain: malformed bytes throw
   * instead of turning into U+FFFD inside an example.
   */
  static BufferedReader open(Path file) throws IOException {
    return new BufferedReader(
        new InputStreamReader(
            CompressedInput.open(file, Progress.NONE),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
  }

  /**
   * The file name without compression and format extensions: "anatomy_test.csv.gz" ->
   * "anatomy_test".
   */
  static String stem(Path file) {
    String name = file.getFileName().toString();
    for (String ext : new String[] {".gz", ".zst", ".jsonl", ".json", ".csv"}) {
      if (name.toLowerCase(Locale.ROOT).endsWith(ext)) {
        name = name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }

  static boolean isCsv(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".csv.zst");
  }
}
