package io.memtrace.index;

import io.memtrace.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The documents holding both of two n-grams, listed a page at a time (where {@link Cooccurrence}
 * only counts them), each with the text around the first occurrence of each n-gram: what a reader
 * checks behind a pair count.
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
   * document order.
   */
  public record Page(int[] a, int[] b, long total, long from, List<Both> documents) {}

  /**
   * At most {@code limit} documents holding both {@code a} and {@code b}, skipping the first {@code
   * from}, with {@code context} tokens around each first occurrence.
   */
  public static Page page(IndexReader index, int[] a, int[] b, long from, int limit, int context)
      throws BadInputException {
    Occurrences.checkPage(from, limit);
    if (context < 0) throw new BadInputException("context " + context + ": must be >= 0");
    DocumentSets.Documents da = DocumentSets.of(index, List.of(a));
    DocumentSets.Documents db = DocumentSets.of(index, List.of(b));
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

  private static Both both(IndexReader index, long document, int[] a, int[] b, int context) {
    int[] tokens = Occurrences.document(index, document);
    return new Both(
        document,
        Occurrences.window(
            index, new Occurrences.Occurrence(document, first(tokens, a)), a.length, context),
        Occurrences.window(
            index, new Occurrences.Occurrence(document, first(tokens, b)), b.length, context));
  }

  /** Where {@code ngram} first starts in {@code tokens}, which hold it. */
  private static int first(int[] tokens, int[] ngram) {
    outer:
    for (int p = 0; p + ngram.length <= tokens.length; p++) {
      for (int i = 0; i < ngram.length; i++) if (tokens[p + i] != ngram[i]) continue outer;
      return p;
    }
    throw new IllegalStateException("the document set lists a document without the n-gram");
  }
}
