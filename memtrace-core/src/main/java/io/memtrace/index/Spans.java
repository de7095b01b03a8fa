package io.memtrace.index;

import io.memtrace.BadInputException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Span tracing, as OLMoTrace (Liu et al. 2025, "OLMoTrace: Tracing Language Model Outputs Back to
 * Trillions of Training Tokens"): the maximal spans of a token sequence that occur verbatim in the
 * corpus, with their occurrences. A span occurs when some document holds its tokens consecutively;
 * it is maximal when no longer span of the sequence that contains it occurs.
 *
 * <p>One {@link LongestSuffixWalk} over the sequence gives, at every end position {@code e}, the
 * longest span ending there that occurs, {@code [e - m(e), e)}, with its rank ranges. Every span
 * that occurs lies within the match at its own end; the match at {@code e} lies within one ending
 * later exactly when the match at {@code e + 1} extends it ({@code m(e + 1) = m(e) + 1}), as a
 * later match holding it holds its next token too. So the maximal spans are the matches the next
 * position does not extend: the same set as the longest match starting at each position, which
 * OLMoTrace finds with one search per position.
 */
public final class Spans {
  private Spans() {}

  /**
   * Tokens {@code [start, end)} of the sequence occur in the corpus.
   *
   * @param page its occurrences as (document, offset), a page of them; {@code page.total()} counts
   *     them all, {@code page.ngram()} holds the span's tokens
   */
  public record Span(int start, int end, Occurrences.Page page) {}

  /**
   * The maximal spans of {@code tokens} of at least {@code minLength} tokens that occur in the
   * corpus, by start, each with at most {@code limit} occurrences from the {@code from}-th (in
   * index order, as {@link Occurrences#page}).
   */
  public static List<Span> of(IndexReader index, int[] tokens, int minLength, long from, int limit)
      throws BadInputException {
    check(index, tokens, minLength, from, limit);
    List<Shard> shards = index.shards();
    var walk = new LongestSuffixWalk(shards, tokens, LongestSuffixWalk.OCCURRENCES);
    List<Span> out = new ArrayList<>();
    try {
      while (walk.read() < tokens.length) {
        int end = walk.read();
        int length = walk.length();
        // The walk moves its ranges on: copy those of a match long enough to be a span first.
        int[] lo = length >= minLength ? walk.lo().clone() : null;
        int[] hi = length >= minLength ? walk.hi().clone() : null;
        walk.extend();
        walk.settle();
        if (lo != null && walk.length() <= length) {
          out.add(span(shards, tokens, end - length, end, lo, hi, from, limit));
        }
      }
      int length = walk.length();
      if (length >= minLength) {
        out.add(
            span(
                shards,
                tokens,
                tokens.length - length,
                tokens.length,
                walk.lo(),
                walk.hi(),
                from,
                limit));
      }
    } catch (UncheckedIOException e) {
      throw IndexReader.corrupted(e);
    }
    return out;
  }

  /** Refuses an empty sequence or one with ids outside the index, a length below 1, a bad page. */
  static void check(IndexReader index, int[] tokens, int minLength, long from, int limit)
      throws BadInputException {
    index.check(tokens, "token sequence");
    if (minLength < 1) {
      throw new BadInputException("minimum span length " + minLength + ": must be at least 1");
    }
    Occurrences.checkPage(from, limit);
  }

  private static Span span(
      List<Shard> shards,
      int[] tokens,
      int start,
      int end,
      int[] lo,
      int[] hi,
      long from,
      int limit) {
    var ranges = new Find.Ranges(Arrays.copyOfRange(tokens, start, end), lo, hi);
    return new Span(start, end, Occurrences.page(shards, ranges, from, limit));
  }
}
