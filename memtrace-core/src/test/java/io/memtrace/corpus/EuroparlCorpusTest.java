package io.memtrace.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded corpus against the resource read here without memtrace's code: gunzipped whole,
 * split at line feeds, each line's body after its second tab. Its content is fixed, so the seeds of
 * the contract vary only where a sink stops.
 */
class EuroparlCorpusTest extends BaseDocumentSourceTestCase {
  private static List<Document> documents;
  private static long storedBytes;

  @BeforeAll
  static void readTheResource() throws IOException {
    byte[] stored;
    try (InputStream in =
        EuroparlCorpusTest.class.getClassLoader().getResourceAsStream(EuroparlCorpus.RESOURCE)) {
      stored = in.readAllBytes();
    }
    storedBytes = stored.length;
    String text;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] lines = text.split("\n", -1);
    int count = text.endsWith("\n") ? lines.length - 1 : lines.length; // a final \n ends a line
    documents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      String[] fields = line.split("\t", 3);
      assertThat(fields).as("line %d: title, date, body", i + 1).hasSize(3);
      if (!fields[2].isEmpty()) documents.add(new Document("europarl:" + (i + 1), fields[2]));
    }
  }

  @Override
  protected Expected source(long seed) {
    return new Expected(new EuroparlCorpus(), documents, storedBytes);
  }

  @Test
  void isTheWholeEmbeddedCorpus() throws IOException {
    assertThat(documents.size()).isGreaterThan(17_000);
    assertThat(new EuroparlCorpus().sizeBytes()).isGreaterThan(9_000_000);
  }
}
