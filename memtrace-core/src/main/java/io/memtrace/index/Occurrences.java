package io.memtrace.index;

import io.memtrace.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an n-gram occurs, as (document, offset) pairs of the store, page by page, and the text
 * around an occurrence. Occurrences come in index order: shard by shard (documents ascending
 * between shards), within a shard in suffix order, so pages are stable across calls.
 */
public final class Occurrences {
  private Occurrences() {}

  /** An occurrence: the n-gram starts at token {@code offset} of document {@code document}. */
  public record Occurrence(long document, int offset) {}

  /**
   * Occurrences {@code [from, from + occurrences.size())} of {@code total}.
   *
   * @param ngram the n-gram searched
   */
  public record Page(int[] ngram, long total, long from, List<Occurrence> occurrences) {}

  /**
   * Tokens {@code [from, to)} of a document around a match at {@code [matchFrom, matchTo)}.
   *
   * @param documentLength tokens in the whole document
   */
  public record Window(
      long document,
      int documentLength,
      int from,
      int to,
      int matchFrom,
      int matchTo,
      int[] tokens) {}

  /** At most {@code limit} occurrences of {@code ngram}, skipping the first {@code from}. */
  public static Page page(IndexReader index, int[] ngram, long from, int limit)
      throws BadInputException {
    checkPage(from, limit);
    return page(index.shards(), index.find(ngram), from, limit);
  }

  static void checkPage(long from, int limit) throws BadInputException {
    if (from < 0 || limit < 0) {
      throw new BadInputException("page from " + from + ", limit " + limit + ": both must be >= 0");
    }
  }

  /** The page of the occurrences in {@code ranges}, found already. */
  static Page page(List<Shard> shards, Find.Ranges ranges, long from, int limit) {
    List<Occurrence> out =
        new ArrayList<>((int) Math.min(limit, Math.min(ranges.count(), 1 << 16)));
    long skip = from;
    for (int s = 0; s < ranges.lo().length && out.size() < limit; s++) {
      Shard shard = shards.get(s);
      long n = ranges.hi()[s] - ranges.lo()[s];
      if (skip >= n) {
        skip -= n;
        continue;
      }
      for (int r = ranges.lo()[s] + (int) skip; r < ranges.hi()[s] && out.size() < limit; r++) {
        out.add(occurrence(shard, shard.suffix(r)));
      }
      skip = 0;
    }
    return new Page(ranges.ngram(), ranges.count(), from, List.copyOf(out));
  }

  static Occurrence occurrence(Shard shard, int pos) {
    int d = shard.documentAt(pos);
    return new Occurrence(shard.firstDocument() + d, pos - shard.documentStart(d));
  }

  /** The tokens of document {@code document} of the store. */
  public static int[] document(IndexReader index, long document) {
    Shard shard = index.shardOf(document);
    int d = (int) (document - shard.firstDocument());
    return shard.tokens(shard.documentStart(d), shard.documentEnd(d));
  }

  /**
   * The match of {@code length} tokens at {@code occurrence} with up to {@code context} tokens of
   * its document on each side.
   */
  public static Window window(IndexReader index, Occurrence occurrence, int length, int context) {
    Shard shard = index.shardOf(occurrence.document());
    int d = (int) (occurrence.document() - shard.firstDocument());
    int start = shard.documentStart(d);
    int docLength = shard.documentEnd(d) - start;
    int matchTo = occurrence.offset() + length;
    if (occurrence.offset() < 0 || length < 0 || matchTo > docLength || context < 0) {
      throw new IndexOutOfBoundsException(
          "match [%d, %d) not within document %d of %d tokens"
              .formatted(occurrence.offset(), matchTo, occurrence.document(), docLength));
    }
    int from = Math.max(0, occurrence.offset() - context);
    int to = (int) Math.min(docLength, (long) matchTo + context);
    return new Window(
        occurrence.document(),
        docLength,
        from,
        to,
        occurrence.offset(),
        matchTo,
        shard.tokens(start + from, start + to));
  }
}
