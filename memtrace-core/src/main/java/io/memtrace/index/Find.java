package io.memtrace.index;

import java.util.List;

/**
 * The first layer of queries: where an n-gram's suffixes lie in each shard's suffix array. The
 * suffixes that start with an n-gram are one run of ranks per shard, found by binary search.
 */
public final class Find {
  private Find() {}

  /**
   * Ranks {@code [lo[s], hi[s])} of shard {@code s} hold the suffixes starting with {@code ngram}
   * (for the empty n-gram: every suffix of the shard).
   */
  public record Ranges(int[] ngram, int[] lo, int[] hi) {
    /** Occurrences over all shards. */
    public long count() {
      long n = 0;
      for (int s = 0; s < lo.length; s++) n += hi[s] - lo[s];
      return n;
    }
  }

  /** The ranks of {@code ngram} in every shard; the n-gram must already be checked. */
  static Ranges find(List<Shard> shards, int[] ngram) {
    int[] lo = new int[shards.size()];
    int[] hi = new int[shards.size()];
    for (int s = 0; s < lo.length; s++) {
      long range = range(shards.get(s), ngram);
      lo[s] = (int) (range >>> 32);
      hi[s] = (int) range;
    }
    return new Ranges(ngram, lo, hi);
  }

  /**
   * The run of suffixes starting with {@code q}, as {@code lo << 32 | hi}. The search for the first
   * suffix not below {@code q} also narrows where the run can end: every suffix it found above
   * {@code q} bounds the second search, so that one is short.
   */
  static long range(Shard shard, int[] q) {
    SuffixSample sample = shard.sample();
    return sample != null ? sample.range(shard, q) : range(shard, q, 0, shard.length());
  }

  /**
   * {@link #range(Shard, int[])} by binary search over ranks {@code [from, to)}, which must hold
   * the run's boundaries: every suffix before {@code from} below {@code q}, every one from {@code
   * to} on above it.
   */
  static long range(Shard shard, int[] q, int from, int to) {
    int lo = from;
    int hi = to;
    int end = hi;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = shard.compare(shard.suffix(mid), q);
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
        if (c > 0) end = mid;
      }
    }
    hi = end;
    int past = lo;
    while (past < hi) {
      int mid = (past + hi) >>> 1;
      if (shard.compare(shard.suffix(mid), q) <= 0) past = mid + 1;
      else hi = mid;
    }
    return (long) lo << 32 | past;
  }

  /**
   * The first rank in {@code [lo, hi)} whose token at offset {@code depth} is at least {@code
   * token}. Every suffix in the run must share its first {@code depth} tokens, so the tokens at
   * {@code depth} ascend through the run (separators last).
   */
  static int narrow(Shard shard, int lo, int hi, int depth, int token) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (shard.token(shard.suffix(mid) + depth) < token) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Like {@link #narrow} but searching from {@code lo} outward in doubling steps, so finding the
   * end of a short run costs the logarithm of the run, not of the whole range.
   */
  static int gallop(Shard shard, int lo, int hi, int depth, int token) {
    int step = 1;
    int from = lo;
    while (from + step < hi && shard.token(shard.suffix(from + step) + depth) < token) {
      from += step;
      step <<= 1;
    }
    return narrow(shard, from, Math.min(hi, from + step), depth, token);
  }
}
