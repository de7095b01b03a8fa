package io.memtrace.tracing;

import io.memtrace.BadInputException;
import io.memtrace.index.DocumentSets;
import io.memtrace.index.IndexReader;
import io.memtrace.tokens.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * The corpus documents of word n-grams, looked up once each: a word n-gram is the union of its
 * spellings as model tokens with and without a leading space (mid-sentence and at a line start) and
 * in three casings (as written, lower case, and lower case with a capital first letter), each
 * document counted once. The paper counts with an Elasticsearch index (WIMBD) that matches phrases
 * case-insensitively; a token index matches exact token sequences, and the three casings are the
 * spellings that running text mostly holds (ALL CAPS and mixed case are not counted).
 *
 * <p>Sets looked up are kept for reuse (an example's n-grams meet many partners) up to a budget of
 * bytes, the least recently used dropped first.
 */
public final class NgramDocuments {
  private final IndexReader index;
  private final Tokenizer tokenizer;
  private final long budget;
  private long bytes;
  private final LinkedHashMap<String, DocumentSets.Documents> cache =
      new LinkedHashMap<>(16, 0.75f, true);

  /** Keeps sets up to an eighth of the heap. */
  public NgramDocuments(IndexReader index, Tokenizer tokenizer) {
    this(index, tokenizer, Runtime.getRuntime().maxMemory() / 8);
  }

  /** Keeps sets up to {@code budget} bytes of bitmaps. */
  public NgramDocuments(IndexReader index, Tokenizer tokenizer, long budget) {
    this.index = index;
    this.tokenizer = tokenizer;
    this.budget = budget;
  }

  /**
   * The spellings of {@code text} as token sequences, distinct, the spaced as-written one first.
   */
  public List<int[]> variants(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    int first = lower.isEmpty() ? 0 : lower.codePointAt(0);
    String capital =
        lower.isEmpty()
            ? lower
            : new StringBuilder()
                .appendCodePoint(Character.toTitleCase(first))
                .append(lower, Character.charCount(first), lower.length())
                .toString();
    List<int[]> out = new ArrayList<>();
    for (String casing : List.of(text, lower, capital)) {
      for (String s : List.of(" " + casing, casing)) {
        int[] tokens = tokenizer.encode(s);
        if (tokens.length > 0 && out.stream().noneMatch(t -> Arrays.equals(t, tokens))) {
          out.add(tokens);
        }
      }
    }
    return out;
  }

  public DocumentSets.Documents of(String text) throws BadInputException {
    DocumentSets.Documents d = cache.get(text);
    if (d == null) {
      d = DocumentSets.of(index, variants(text));
      cache.put(text, d);
      bytes += d.bytes();
      var it = cache.entrySet().iterator();
      while (bytes > budget && cache.size() > 1) {
        bytes -= it.next().getValue().bytes();
        it.remove();
      }
    }
    return d;
  }

  /** Occurrences of {@code text}, in all its spellings, in the documents of {@code in}. */
  public long occurrencesIn(String text, DocumentSets.Documents in) throws BadInputException {
    return DocumentSets.occurrencesIn(index, variants(text), in);
  }

  /** Sets kept now. */
  public int size() {
    return cache.size();
  }
}
