package io.memtrace.index;

import io.memtrace.BadInputException;
import java.util.Arrays;
import java.util.List;

/**
 * The documents that contain any of several n-grams (for example a word with and without its
 * leading space), as ascending store document numbers with the occurrences in each: study B counts
 * documents, and a word's spellings must count each document once. Two sets intersect by merging,
 * or by galloping through the larger when one is much smaller, so a pair count costs about
 * O(smaller * log(larger / smaller)) once both sets are known.
 */
public final class DocumentSets {
  private DocumentSets() {}

  /**
   * @param ids ascending document numbers
   * @param occurrences occurrences in each of those documents, all variants together
   */
  public record Documents(long[] ids, int[] occurrences) {
    public int size() {
      return ids.length;
    }

    public long totalOccurrences() {
      long n = 0;
      for (int o : occurrences) n += o;
      return n;
    }
  }

  /** Documents in both sets, and how often each set's n-grams occur in those documents. */
  public record Overlap(long documents, long occurrencesA, long occurrencesB) {}

  /** Documents containing at least one of {@code variants}. */
  public static Documents of(IndexReader index, List<int[]> variants) throws BadInputException {
    Documents all = null;
    for (int[] ngram : variants) {
      index.check(ngram, "n-gram");
      Documents d = documents(index.shards(), index.find(ngram));
      all = all == null ? d : union(all, d);
    }
    if (all == null) throw new BadInputException("no n-gram to look up");
    return all;
  }

  /** The documents of one n-gram's occurrences, shard by shard (shards hold ascending ranges). */
  private static Documents documents(List<Shard> shards, Find.Ranges r) {
    int capacity = Math.toIntExact(r.count());
    long[] ids = new long[capacity];
    int[] occurrences = new int[capacity];
    int n = 0;
    for (int s = 0; s < shards.size(); s++) {
      if (r.hi()[s] == r.lo()[s]) continue;
      Shard shard = shards.get(s);
      int last = -1;
      for (int p : Cooccurrence.sortedPositions(shard, r.lo()[s], r.hi()[s])) {
        if (last < 0 || p >= shard.documentEnd(last)) {
          last = shard.documentAt(p);
          ids[n++] = shard.firstDocument() + last;
        }
        occurrences[n - 1]++;
      }
    }
    return new Documents(Arrays.copyOf(ids, n), Arrays.copyOf(occurrences, n));
  }

  private static Documents union(Documents a, Documents b) {
    long[] ids = new long[a.size() + b.size()];
    int[] occurrences = new int[ids.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.size() || j < b.size()) {
      long x = i < a.size() ? a.ids[i] : Long.MAX_VALUE;
      long y = j < b.size() ? b.ids[j] : Long.MAX_VALUE;
      ids[n] = Math.min(x, y);
      if (x <= y) occurrences[n] += a.occurrences[i++];
      if (y <= x) occurrences[n] += b.occurrences[j++];
      n++;
    }
    return new Documents(Arrays.copyOf(ids, n), Arrays.copyOf(occurrences, n));
  }

  /** The documents in both {@code a} and {@code b}. */
  public static Overlap intersect(Documents a, Documents b) {
    if (a.size() > b.size()) {
      Overlap o = intersect(b, a);
      return new Overlap(o.documents, o.occurrencesB, o.occurrencesA);
    }
    long documents = 0;
    long occA = 0;
    long occB = 0;
    // Merging touches every element of b; galloping costs about log(b/a) per element of a.
    boolean gallop = (long) a.size() * 8 < b.size();
    int j = 0;
    for (int i = 0; i < a.size() && j < b.size(); i++) {
      long x = a.ids[i];
      j = gallop ? gallopTo(b.ids, j, x) : stepTo(b.ids, j, x);
      if (j < b.size() && b.ids[j] == x) {
        documents++;
        occA += a.occurrences[i];
        occB += b.occurrences[j];
        j++;
      }
    }
    return new Overlap(documents, occA, occB);
  }

  /** The first index at or after {@code from} whose id is at least {@code x}, stepping. */
  private static int stepTo(long[] ids, int from, long x) {
    while (from < ids.length && ids[from] < x) from++;
    return from;
  }

  /** The same, by doubling steps and then a binary search. */
  private static int gallopTo(long[] ids, int from, long x) {
    int step = 1;
    int hi = from;
    while (hi < ids.length && ids[hi] < x) {
      from = hi + 1;
      hi += step;
      step <<= 1;
    }
    int at = Arrays.binarySearch(ids, from, Math.min(hi + 1, ids.length), x);
    return at >= 0 ? at : -at - 1;
  }
}
