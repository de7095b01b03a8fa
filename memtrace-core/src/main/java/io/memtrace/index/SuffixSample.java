package io.memtrace.index;

/**
 * An in-memory sample of a shard's suffix array: the first {@link #PREFIX} symbols of every {@code
 * step}-th suffix (ranks 0, step, 2 step, ...), so that a search narrows to one block of {@code
 * step} ranks without touching the mapped files. Built at first use from the suffix array and the
 * text.
 *
 * <p>Within the block, an n-gram of at most {@link #PREFIX} tokens is placed by a scan of the
 * shard's LCP file ({@link ShardWriter}): each entry says where the suffix first differs from the
 * one before and with which symbol, so the first symbols of every suffix of the block follow from
 * the sampled one's, and the text is read only where a suffix matches the n-gram further than those
 * symbols tell. The block's LCP entries lie side by side (one page, at most two); without the LCP
 * file, and for longer n-grams, a binary search over the block's suffixes (or the run of blocks the
 * sample leaves) finishes the search.
 *
 * <p>Threading: immutable after construction.
 */
final class SuffixSample {
  /** Symbols kept of each sampled suffix. */
  static final int PREFIX = 8;

  private final int step;
  private final int count;
  private final int length;
  private final int separator;
  private final char[] narrow;
  private final int[] wide;

  private SuffixSample(int step, int count, int length, int separator, char[] narrow, int[] wide) {
    this.step = step;
    this.count = count;
    this.length = length;
    this.separator = separator;
    this.narrow = narrow;
    this.wide = wide;
  }

  /** The sample of every {@code step}-th suffix of {@code shard}. */
  static SuffixSample of(Shard shard, int step) {
    int n = shard.length();
    int count = (int) (((long) n + step - 1) / step);
    boolean small = shard.tokenWidth() == 2;
    char[] narrow = small ? new char[count * PREFIX] : null;
    int[] wide = small ? null : new int[count * PREFIX];
    for (int i = 0; i < count; i++) {
      int pos = shard.suffix(i * step);
      for (int j = 0; j < PREFIX; j++) {
        int t = pos + j < n ? shard.token(pos + j) : shard.vocabSize();
        if (small) narrow[i * PREFIX + j] = (char) t;
        else wide[i * PREFIX + j] = t;
      }
    }
    return new SuffixSample(step, count, n, shard.vocabSize(), narrow, wide);
  }

  /**
   * The step that keeps the sample within {@code share} of the bytes of a shard's tokens and suffix
   * array.
   */
  static int step(int length, int tokenWidth, int pointerWidth, double share) {
    double budget = share * length * (tokenWidth + pointerWidth);
    long samples = Math.max(1, (long) (budget / (PREFIX * tokenWidth)));
    return (int) Math.max(1, ((long) length + samples - 1) / samples);
  }

  int step() {
    return step;
  }

  /** Bytes of heap the sample takes. */
  long bytes() {
    return narrow != null ? 2L * narrow.length : 4L * wide.length;
  }

  private int token(int sample, int j) {
    int at = sample * PREFIX + j;
    return narrow != null ? narrow[at] : wide[at];
  }

  /** Sample {@code i}'s first {@code n} symbols against {@code q}'s. */
  private int compare(int i, int[] q, int n) {
    for (int j = 0; j < n; j++) {
      int t = token(i, j);
      if (t != q[j]) return t < q[j] ? -1 : 1;
    }
    return 0;
  }

  /** The first sample in {@code [from, count)} whose first {@code n} symbols exceed {@code q}'s. */
  private int above(int[] q, int n, int from, boolean orEqual) {
    int lo = from;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(mid, q, n);
      if (c > 0 || (orEqual && c == 0)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** {@link Find#range} through the sample: {@code lo << 32 | hi}. */
  long range(Shard shard, int[] q) {
    int n = Math.min(q.length, PREFIX);
    int a = above(q, n, 0, true); // first sample not below q
    int b = above(q, n, a, false); // first sample above q
    if (q.length <= PREFIX && shard.hasLcp()) {
      int lo = a == 0 ? 0 : scan(shard, q, a - 1, false);
      int hi = b == 0 ? 0 : scan(shard, q, b - 1, true);
      return (long) lo << 32 | hi;
    }
    int from = a == 0 ? 0 : (a - 1) * step + 1;
    int to = b == count ? length : b * step;
    return Find.range(shard, q, from, to);
  }

  /**
   * The first rank after sample {@code i}, within its block, whose suffix is at least {@code q}
   * ({@code strict}: whose first {@code q.length} symbols exceed {@code q}); the next sample's rank
   * (or the shard's length) when none is. Sample {@code i} itself must be below (not above) {@code
   * q}.
   */
  private int scan(Shard shard, int[] q, int i, boolean strict) {
    int start = i * step;
    int end = (int) Math.min((long) start + step, length);
    int n = q.length;
    int[] known = new int[PREFIX];
    for (int j = 0; j < PREFIX; j++) known[j] = token(i, j);
    int depth = PREFIX; // symbols of the current suffix in known
    int mismatch = mismatch(known, depth, q); // where the current suffix leaves q, n if it doesn't
    for (int r = start + 1; r < end; r++) {
      int l = shard.lcp(r);
      if (l >= Math.min(mismatch + 1, n)) {
        // agrees with the suffix before it beyond where that one leaves q: the same answer
        depth = Math.min(depth, l);
        continue;
      }
      known[l] = shard.next(r); // l < depth here: l <= mismatch, and mismatch < depth or = n
      depth = l + 1;
      mismatch = mismatch(known, depth, q);
      if (mismatch == depth && depth < n) {
        // matches q further than the LCP entries tell: read the text up to where it leaves q
        int pos = shard.suffix(r);
        depth = n;
        for (int j = 0; j < n; j++) {
          known[j] = pos + j < length ? shard.token(pos + j) : separator;
          if (known[j] != q[j]) {
            depth = j + 1;
            break;
          }
        }
        mismatch = mismatch(known, depth, q);
      }
      if (mismatch == n) {
        if (!strict) return r;
      } else if (known[mismatch] > q[mismatch]) {
        return r;
      }
    }
    return end;
  }

  /** The first of {@code known[0, depth)} that differs from {@code q}, or {@code min(depth, n)}. */
  private static int mismatch(int[] known, int depth, int[] q) {
    int n = Math.min(depth, q.length);
    for (int j = 0; j < n; j++) if (known[j] != q[j]) return j;
    return n;
  }
}
