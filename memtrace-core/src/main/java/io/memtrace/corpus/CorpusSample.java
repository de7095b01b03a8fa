package io.memtrace.corpus;

import io.memtrace.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The first documents of a corpus up to a character budget, e.g. to train a tokenizer on. */
public final class CorpusSample {
  private CorpusSample() {}

  public static List<String> firstTexts(DocumentSource source, long maxChars, Progress progress)
      throws IOException {
    List<String> texts = new ArrayList<>();
    long[] chars = {0};
    source.read(
        doc -> {
          texts.add(doc.text());
          chars[0] += doc.text().length();
          return chars[0] < maxChars;
        },
        progress);
    return texts;
  }
}
