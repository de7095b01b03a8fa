package io.memtrace.tracing;

import io.memtrace.BadInputException;
import io.memtrace.index.DocumentSets;
import io.memtrace.index.IndexReader;
import io.memtrace.tokens.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The corpus documents of word n-grams, looked up once each: a word n-gram is the union of its
 * spellings as model tokens with and without a leading space (mid-sentence and at a line start),
 * each document counted once.
 */
public final class NgramDocuments {
  private final IndexReader index;
  private final Tokenizer tokenizer;
  private final Map<String, DocumentSets.Documents> cache = new HashMap<>();

  public NgramDocuments(IndexReader index, Tokenizer tokenizer) {
    this.index = index;
    this.tokenizer = tokenizer;
  }

  /** The spellings of {@code text} as token sequences, distinct, the spaced one first. */
  public List<int[]> variants(String text) {
    List<int[]> out = new ArrayList<>();
    for (String s : List.of(" " + text, text)) {
      int[] tokens = tokenizer.encode(s);
      if (tokens.length > 0 && out.stream().noneMatch(t -> Arrays.equals(t, tokens))) {
        out.add(tokens);
      }
    }
    return out;
  }

  public DocumentSets.Documents of(String text) throws BadInputException {
    DocumentSets.Documents d = cache.get(text);
    if (d == null) {
      d = DocumentSets.of(index, variants(text));
      cache.put(text, d);
    }
    return d;
  }

  /** Distinct n-grams looked up so far. */
  public int size() {
    return cache.size();
  }
}
