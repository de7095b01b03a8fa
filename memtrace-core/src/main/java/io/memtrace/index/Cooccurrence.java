package io.memtrace.index;

import io.memtrace.BadInputException;
import java.util.Arrays;
import java.util.List;

/**
 * How many documents contain both of two n-grams (study B's pair count), anywhere or within a
 * window of W tokens. Exact; documents never span shards, so shards are counted separately.
 *
 * <p>In each shard the rarer n-gram's positions are sorted and grouped by document; only those
 * documents can count. The other n-gram is then looked up per candidate document in whichever way
 * is cheaper: by scanning the candidate documents' tokens, or by sorting its own positions and
 * binary-searching each document's span. So a pair with a rare side costs little even when the
 * other side occurs millions of times.
 */
public final class Cooccurrence {
  /**
   * Sorting a position costs about as much as comparing this many tokens of a scanned document (an
   * {@code int} sort runs near 60 ns per element at a million, a scan near 2 ns per token).
   */
  private static final long SORT_TO_SCAN = 32;

  private Cooccurrence() {}

  /**
   * @param window 0: anywhere in the document; else both occurrences lie within {@code window}
   *     consecutive tokens
   * @param documents documents containing both n-grams (within the window)
   */
  public record Count(
      int[] a, int[] b, int window, long documents, long occurrencesA, long occurrencesB) {}

  /** Documents containing both {@code a} and {@code b}. */
  public static Count documents(IndexReader index, int[] a, int[] b) throws BadInputException {
    return count(index, a, b, 0, SORT_TO_SCAN);
  }

  /**
   * Documents with an occurrence of {@code a} and one of {@code b} that together fit in {@code
   * window} consecutive tokens: max(end of a, end of b) - min(start of a, start of b) <= window.
   * They may overlap.
   */
  public static Count within(IndexReader index, int[] a, int[] b, int window)
      throws BadInputException {
    if (window < Math.max(a.length, b.length)) {
      throw new BadInputException(
          "window "
              + window
              + " is shorter than the n-grams ("
              + a.length
              + " and "
              + b.length
              + " tokens)");
    }
    return count(index, a, b, window, SORT_TO_SCAN);
  }

  /** Documents containing {@code ngram}. */
  public static long documentFrequency(IndexReader index, int[] ngram) throws BadInputException {
    Find.Ranges r = index.find(ngram);
    long n = 0;
    for (int s = 0; s < r.lo().length; s++) {
      Shard shard = index.shards().get(s);
      int[] pos = sortedPositions(shard, r.lo()[s], r.hi()[s]);
      for (int i = 0; i < pos.length; ) {
        i = groupEnd(pos, i, shard.documentEnd(shard.documentAt(pos[i])));
        n++;
      }
    }
    return n;
  }

  /**
   * The count, scanning candidate documents unless that costs more than sorting the other side's
   * positions, each weighted {@code sortToScan}.
   */
  static Count count(IndexReader index, int[] a, int[] b, int window, long sortToScan)
      throws BadInputException {
    index.check(a, "first n-gram");
    index.check(b, "second n-gram");
    List<Shard> shards = index.shards();
    Find.Ranges ra = Find.find(shards, a);
    Find.Ranges rb = Find.find(shards, b);
    long documents = 0;
    for (int s = 0; s < shards.size(); s++) {
      int ca = ra.hi()[s] - ra.lo()[s];
      int cb = rb.hi()[s] - rb.lo()[s];
      if (ca == 0 || cb == 0) continue;
      documents +=
          ca <= cb
              ? shard(
                  shards.get(s),
                  a,
                  ra.lo()[s],
                  ra.hi()[s],
                  b,
                  rb.lo()[s],
                  rb.hi()[s],
                  window,
                  sortToScan)
              : shard(
                  shards.get(s),
                  b,
                  rb.lo()[s],
                  rb.hi()[s],
                  a,
                  ra.lo()[s],
                  ra.hi()[s],
                  window,
                  sortToScan);
    }
    return new Count(a, b, window, documents, ra.count(), rb.count());
  }

  /** Documents of one shard with both n-grams; {@code rare} has no more occurrences. */
  private static long shard(
      Shard shard,
      int[] rare,
      int rareLo,
      int rareHi,
      int[] other,
      int otherLo,
      int otherHi,
      int window,
      long sortToScan) {
    int[] rarePos = sortedPositions(shard, rareLo, rareHi);
    // Candidate documents: groups [groupStart[g], groupStart[g + 1]) of rarePos.
    int[] docs = new int[rarePos.length];
    int[] groupStart = new int[rarePos.length + 1];
    int groups = 0;
    long scanCost = 0;
    for (int i = 0; i < rarePos.length; groups++) {
      int d = shard.documentAt(rarePos[i]);
      docs[groups] = d;
      groupStart[groups] = i;
      i = groupEnd(rarePos, i, shard.documentEnd(d));
      scanCost += shard.documentEnd(d) - shard.documentStart(d);
    }
    groupStart[groups] = rarePos.length;
    int otherCount = otherHi - otherLo;
    int[] otherPos =
        scanCost <= sortToScan * otherCount ? null : sortedPositions(shard, otherLo, otherHi);
    var scanned = new Positions();
    long documents = 0;
    for (int g = 0; g < groups; g++) {
      int start = shard.documentStart(docs[g]);
      int end = shard.documentEnd(docs[g]);
      int[] found;
      int from;
      int to;
      if (otherPos != null) {
        found = otherPos;
        from = lowerBound(otherPos, start);
        to = lowerBound(otherPos, end);
      } else {
        scan(shard, other, start, end, scanned, window == 0);
        found = scanned.values;
        from = 0;
        to = scanned.size;
      }
      if (from == to) continue;
      if (window == 0
          || near(
              rarePos,
              groupStart[g],
              groupStart[g + 1],
              rare.length,
              found,
              from,
              to,
              other.length,
              window)) {
        documents++;
      }
    }
    return documents;
  }

  /** A growing list of positions, reused from document to document. */
  private static final class Positions {
    int[] values = new int[16];
    int size;

    void add(int p) {
      if (size == values.length) values = Arrays.copyOf(values, 2 * size);
      values[size++] = p;
    }
  }

  /**
   * Sets {@code out} to the positions in [start, end) where {@code ngram} occurs, ascending (only
   * the first when {@code first}).
   */
  private static void scan(
      Shard shard, int[] ngram, int start, int end, Positions out, boolean first) {
    out.size = 0;
    int head = ngram[0];
    for (int p = start; p + ngram.length <= end; p++) {
      if (shard.token(p) != head) continue;
      int i = 1;
      while (i < ngram.length && shard.token(p + i) == ngram[i]) i++;
      if (i == ngram.length) {
        out.add(p);
        if (first) return;
      }
    }
  }

  /**
   * Whether some a in {@code as[aFrom, aTo)} and b in {@code bs[bFrom, bTo)} (both ascending) fit
   * in one window. For a fixed a the span only grows as b moves away from a, so the nearest b on
   * each side decides.
   */
  private static boolean near(
      int[] as, int aFrom, int aTo, int la, int[] bs, int bFrom, int bTo, int lb, int window) {
    int j = bFrom;
    for (int i = aFrom; i < aTo; i++) {
      int a = as[i];
      while (j < bTo && bs[j] < a) j++;
      if (j < bTo && span(a, la, bs[j], lb) <= window) return true;
      if (j > bFrom && span(a, la, bs[j - 1], lb) <= window) return true;
    }
    return false;
  }

  private static long span(int a, int la, int b, int lb) {
    return (long) Math.max(a + la, b + lb) - Math.min(a, b);
  }

  static int[] sortedPositions(Shard shard, int lo, int hi) {
    int[] pos = new int[hi - lo];
    shard.suffixes(lo, hi, pos, 0);
    Arrays.sort(pos);
    return pos;
  }

  /** The first index at or after {@code i} whose position is at least {@code end}. */
  private static int groupEnd(int[] pos, int i, int end) {
    int j = i + 1;
    while (j < pos.length && pos[j] < end) j++;
    return j;
  }

  /** Where {@code key} is or would be in {@code a}: positions are distinct. */
  private static int lowerBound(int[] a, int key) {
    int i = Arrays.binarySearch(a, key);
    return i < 0 ? -i - 1 : i;
  }
}
