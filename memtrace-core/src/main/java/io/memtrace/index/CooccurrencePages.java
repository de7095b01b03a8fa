package io.memtrace.index;

import io.memtrace.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The documents holding both of two n-grams, listed a page at a time (where {@link Cooccurrence}
 * only counts them), each with the text around the first occurrence of each n-gram: what a reader
 * checks behind a pair count. An n-gram may be given as several spellings (token sequences, as
 * {@link DocumentSets#of} takes them): a document holds it when it holds any of them.
 */
public final class CooccurrencePages {
  private CooccurrencePages() {}

  /**
   * One document holding both n-grams.
   *
   * @param a the first occurrence of the first n-gram in it, with context
   * @param b the first occurrence of the second n-gram in it, with context
   */
  public record Both(long document, Occurrences.Window a, Occurrences.Window b) {}

  /**
   * Documents {@code [from, from + documents.size())} of the {@code total} holding both, in
   * document order; {@code a} and {@code b} are the spellings looked up.
   */
  public record Page(List<int[]> a, List<int[]> b, long total, long from, List<Both> documents) {}

  /**
   * At most {@code limit} documents holding both {@code a} and {@code b}, skipping the first {@code
   * from}, with {@code context} tokens around each first occurrence.
   */
  public static Page page(IndexReader index, int[] a, int[] b, long from, int limit, int context)
      throws BadInputException {
    return page(index, List.of(a), List.of(b), from, limit, context);
  }

  /**
   * As {@link #page(IndexReader, int[], int[], long, int, int)} for n-grams of several spellings
   * each; a window shows the spelling that occurs first in the document.
   */
  public static Page page(
      IndexReader index, List<int[]> a, List<int[]> b, long from, int limit, int context)
      throws BadInputException {
    Occurrences.checkPage(from, limit);
    if (context < 0) throw new BadInputException("context " + context + ": must be >= 0");
    DocumentSets.Documents da = DocumentSets.of(index, a);
    DocumentSets.Documents db = DocumentSets.of(index, b);
    List<Shard> shards = index.shards();
    List<Both> out = new ArrayList<>();
    long total = 0;
    for (int s = 0; s < shards.size(); s++) {
      RoaringBitmap both = RoaringBitmap.and(da.shards().get(s), db.shards().get(s));
      long n = both.getLongCardinality();
      long skip = Math.max(0, from - total);
      total += n;
      if (skip >= n || out.size() >= limit) continue;
      PeekableIntIterator it = both.getIntIterator();
      for (long i = 0; i < skip; i++) it.next();
      while (it.hasNext() && out.size() < limit) {
        long document = shards.get(s).firstDocument() + it.next();
        out.add(both(index, document, a, b, context));
      }
    }
    return new Page(a, b, total, from, List.copyOf(out));
  }

  private static Both both(
      IndexReader index, long document, List<int[]> a, List<int[]> b, int context) {
    int[] tokens = Occurrences.document(index, document);
    return new Both(
        document,
        first(index, document, tokens, a, context),
        first(index, document, tokens, b, context));
  }

  /** The window around the first occurrence of any of {@code spellings} in {@code tokens}. */
  private static Occurrences.Window first(
      IndexReader index, long document, int[] tokens, List<int[]> spellings, int context) {
    for (int p = 0; p < tokens.length; p++) {
      for (int[] ngram : spellings) {
        if (startsAt(tokens, p, ngram)) {
          return Occurrences.window(
              index, new Occurrences.Occurrence(document, p), ngram.length, context);
        }
      }
    }
    throw new IllegalStateException("the document set lists a document without the n-gram");
  }

  private static boolean startsAt(int[] tokens, int p, int[] ngram) {
    if (p + ngram.length > tokens.length) return false;
    for (int i = 0; i < ngram.length; i++) if (tokens[p + i] != ngram[i]) return false;
    return true;
  }
}
