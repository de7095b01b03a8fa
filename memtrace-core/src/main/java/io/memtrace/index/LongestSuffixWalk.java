package io.memtrace.index;

import java.util.Arrays;
import java.util.List;

/**
 * A walk over a token sequence, left to right, that keeps the rank ranges (per shard) of the
 * longest suffix of the tokens read so far with a property that survives dropping the suffix's
 * first or last token: that it occurs, or that it occurs followed by a token of its document.
 *
 * <p>As the property survives dropping the last token, the suffix after one more token is at most
 * one token longer than the one before; as it survives dropping the first, it holds up to some
 * length and not beyond. So each step narrows the current ranges by the token read (one narrowing
 * per shard) and searches again only when the longer suffix lacks the property: then a binary
 * search over the shorter lengths, one full search per probe. Over a text the corpus repeats, this
 * costs a logarithm per token instead of a search per substring. The infini-gram of a sequence and
 * span tracing are both this walk.
 */
final class LongestSuffixWalk {
  /**
   * What the property measures in the ranks {@code [lo[s], hi[s])} of a {@code depth}-token n-gram;
   * the n-gram has the property when the measure is positive.
   */
  interface Measure {
    long of(List<Shard> shards, int[] lo, int[] hi, int depth);
  }

  /** Occurrences. */
  static final Measure OCCURRENCES =
      (shards, lo, hi, depth) -> {
        long n = 0;
        for (int s = 0; s < lo.length; s++) n += hi[s] - lo[s];
        return n;
      };

  /** Occurrences followed by a token of the same document. */
  static final Measure CONTINUATIONS =
      (shards, lo, hi, depth) -> {
        long n = 0;
        for (int s = 0; s < lo.length; s++) {
          n += NextTokens.continuationEnd(shards.get(s), lo[s], hi[s], depth) - lo[s];
        }
        return n;
      };

  private final List<Shard> shards;
  private final int[] tokens;
  private final Measure measure;
  private final int[] lo;
  private final int[] hi;
  private int read;
  private int length;
  private long value;

  /** Before the first token: the empty suffix, every rank of every shard. */
  LongestSuffixWalk(List<Shard> shards, int[] tokens, Measure measure) {
    this.shards = shards;
    this.tokens = tokens;
    this.measure = measure;
    this.lo = new int[shards.size()];
    this.hi = new int[shards.size()];
    for (int s = 0; s < hi.length; s++) hi[s] = shards.get(s).length();
    this.value = measure.of(shards, lo, hi, 0);
  }

  /**
   * Reads the next token: the ranges then hold the current suffix followed by it, which may lack
   * the property until {@link #settle}. Returns the occurrences of that longer suffix.
   */
  long extend() {
    int token = tokens[read++];
    long count = 0;
    for (int s = 0; s < lo.length; s++) {
      Shard shard = shards.get(s);
      int from = Find.narrow(shard, lo[s], hi[s], length, token);
      int to = Find.narrow(shard, from, hi[s], length, token + 1);
      lo[s] = from;
      hi[s] = to;
      count += to - from;
    }
    length++;
    return count;
  }

  /** Shortens the suffix to the longest suffix of the tokens read that has the property. */
  void settle() {
    value = measure.of(shards, lo, hi, length);
    if (value > 0 || length == 0) return;
    // Longer suffixes contain this one and lack the property too: search the shorter lengths.
    int shortest = 0;
    int longest = length - 1;
    Find.Ranges found = null;
    long foundValue = 0;
    while (shortest < longest) {
      int mid = (shortest + longest + 1) >>> 1;
      Find.Ranges r = Find.find(shards, Arrays.copyOfRange(tokens, read - mid, read));
      long v = measure.of(shards, r.lo(), r.hi(), mid);
      if (v > 0) {
        shortest = mid;
        found = r;
        foundValue = v;
      } else {
        longest = mid - 1;
      }
    }
    length = shortest;
    if (found == null) {
      Arrays.fill(lo, 0);
      for (int s = 0; s < hi.length; s++) hi[s] = shards.get(s).length();
      value = measure.of(shards, lo, hi, 0);
    } else {
      System.arraycopy(found.lo(), 0, lo, 0, lo.length);
      System.arraycopy(found.hi(), 0, hi, 0, hi.length);
      value = foundValue;
    }
  }

  /** Tokens read. */
  int read() {
    return read;
  }

  /** Tokens of the current suffix. */
  int length() {
    return length;
  }

  /** The measure of the current suffix (after {@link #settle}). */
  long value() {
    return value;
  }

  /** The current suffix's first rank in each shard; the walk's own array, changed by each step. */
  int[] lo() {
    return lo;
  }

  /** The current suffix's end rank in each shard; the walk's own array, changed by each step. */
  int[] hi() {
    return hi;
  }
}
