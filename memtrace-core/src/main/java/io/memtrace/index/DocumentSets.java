package io.memtrace.index;

import io.memtrace.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * The documents that contain any of several n-grams (for example a word in several spellings):
 * study B counts documents, and a word's spellings must count each document once. A set is one
 * compressed bitmap (RoaringBitmap) of document numbers per shard, filled by streaming the n-grams'
 * suffix-array ranges in chunks and mapping each position to its document, so an n-gram that occurs
 * billions of times costs the bits of its documents, never a list of its occurrences. Two sets
 * intersect shard by shard. Counts are 64-bit: a corpus the size of the Pile holds more than 2^31
 * occurrences of its frequent n-grams.
 */
public final class DocumentSets {
  /** Suffixes read, mapped to documents and sorted at a time. */
  private static final int CHUNK = 1 << 16;

  private DocumentSets() {}

  /**
   * @param shards the shard-local numbers of the documents in each shard
   * @param occurrences occurrences of all the n-grams together
   */
  public record Documents(List<RoaringBitmap> shards, long occurrences) {
    public Documents {
      shards = List.copyOf(shards);
    }

    /** Documents in the set. */
    public long size() {
      long n = 0;
      for (RoaringBitmap b : shards) n += b.getLongCardinality();
      return n;
    }

    /** Bytes the bitmaps take. */
    public long bytes() {
      long n = 0;
      for (RoaringBitmap b : shards) n += b.getLongSizeInBytes();
      return n;
    }
  }

  /**
   * A frequent n-gram streams millions of positions: a caller that gave up on the answer (a web
   * request past its time limit) interrupts the thread, and the work stops at the next chunk.
   */
  private static void stopIfInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new java.util.concurrent.CancellationException("document lookup interrupted");
    }
  }

  /**
   * Documents containing at least one of {@code variants}; stops with a {@link
   * java.util.concurrent.CancellationException} when the thread is interrupted.
   */
  public static Documents of(IndexReader index, List<int[]> variants) throws BadInputException {
    List<RoaringBitmap> bitmaps = new ArrayList<>();
    long occurrences = 0;
    for (int s = 0; s < index.shards().size(); s++) {
      InShard d = inShard(index, s, variants);
      bitmaps.add(d.documents());
      occurrences += d.occurrences();
    }
    return new Documents(bitmaps, occurrences);
  }

  /**
   * The documents of one shard, shard-local numbers, and the occurrences there: shards hold
   * disjoint documents, so sets and counts of a whole index are those of its shards, summed.
   */
  public record InShard(RoaringBitmap documents, long occurrences) {}

  /**
   * Documents of shard {@code shard} containing at least one of {@code variants}: what {@link #of}
   * finds in that shard, for work cut by shard (a Spark task per shard).
   */
  public static InShard inShard(IndexReader index, int shard, List<int[]> variants)
      throws BadInputException {
    if (variants.isEmpty()) throw new BadInputException("no n-gram to look up");
    Shard sh = index.shards().get(shard);
    RoaringBitmap bitmap = new RoaringBitmap();
    long occurrences = 0;
    int[] positions = new int[0];
    for (int[] ngram : variants) {
      index.check(ngram, "n-gram");
      long range;
      try {
        range = Find.range(sh, ngram);
      } catch (java.io.UncheckedIOException e) {
        throw IndexReader.corrupted(e);
      }
      int from = (int) (range >>> 32);
      int to = (int) range;
      occurrences += to - from;
      for (int lo = from; lo < to; lo += CHUNK) {
        stopIfInterrupted();
        int n = Math.min(CHUNK, to - lo);
        if (positions.length < n) positions = new int[n];
        sh.suffixes(lo, lo + n, positions, 0);
        addDocuments(sh, positions, n, bitmap);
      }
    }
    bitmap.runOptimize();
    return new InShard(bitmap, occurrences);
  }

  /**
   * Adds the documents of {@code n} positions: sorted, a run of positions in one document costs one
   * lookup of that document's end, and each next document is searched from the last one.
   */
  private static void addDocuments(Shard shard, int[] positions, int n, RoaringBitmap into) {
    Arrays.sort(positions, 0, n);
    int[] docs = new int[n];
    int k = 0;
    int d = 0;
    int end = -1;
    for (int i = 0; i < n; i++) {
      if (positions[i] >= end) {
        d = documentFrom(shard, k == 0 ? 0 : d + 1, positions[i]);
        docs[k++] = d;
        end = shard.documentEnd(d);
      }
    }
    into.addN(docs, 0, k);
  }

  /**
   * The document holding {@code pos}, at or after document {@code from}, which starts at or before
   * {@code pos}: doubling steps, then a binary search, so a nearby document costs a few reads.
   */
  private static int documentFrom(Shard shard, int from, int pos) {
    int count = shard.documentCount();
    int lo = from;
    int step = 1;
    int hi = lo + 1;
    while (hi < count && shard.documentStart(hi) <= pos) {
      lo = hi;
      step <<= 1;
      hi = lo + step;
    }
    hi = Math.min(hi, count);
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (shard.documentStart(mid) <= pos) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Documents in both {@code a} and {@code b}. */
  public static long intersect(Documents a, Documents b) {
    long n = 0;
    for (int s = 0; s < a.shards().size(); s++) {
      n += RoaringBitmap.andCardinality(a.shards().get(s), b.shards().get(s));
    }
    return n;
  }

  /**
   * Occurrences of {@code variants} in the documents of {@code in}: the n-grams' suffix-array
   * ranges streamed again, each position's document looked up in the set.
   */
  public static long occurrencesIn(IndexReader index, List<int[]> variants, Documents in)
      throws BadInputException {
    List<Shard> shards = index.shards();
    long n = 0;
    int[] positions = new int[0];
    for (int[] ngram : variants) {
      Find.Ranges r = index.find(ngram);
      for (int s = 0; s < shards.size(); s++) {
        Shard shard = shards.get(s);
        RoaringBitmap docs = in.shards().get(s);
        if (docs.isEmpty()) continue;
        for (int lo = r.lo()[s]; lo < r.hi()[s]; lo += CHUNK) {
          stopIfInterrupted();
          int count = Math.min(CHUNK, r.hi()[s] - lo);
          if (positions.length < count) positions = new int[count];
          shard.suffixes(lo, lo + count, positions, 0);
          Arrays.sort(positions, 0, count);
          int d = 0;
          int end = -1;
          boolean inside = false;
          for (int i = 0; i < count; i++) {
            if (positions[i] >= end) {
              d = documentFrom(shard, end < 0 ? 0 : d + 1, positions[i]);
              end = shard.documentEnd(d);
              inside = docs.contains(d);
            }
            if (inside) n++;
          }
        }
      }
    }
    return n;
  }
}
