package io.memtrace.index.sais;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One induced-sorting pass over a range of the suffix array: each entry read in scan order may put
 * one suffix into the next free slot of its bucket, which always lies ahead of the scan.
 *
 * <p>Alone, a pass runs {@link #fused}, the plain loop. With a team it runs in blocks, the way
 * libsais does: the team {@link #gather}s, for every entry of a block, the bucket and the suffix it
 * induces (the random reads of the text, done in parallel); one thread then {@link #resolve}s the
 * block in order, taking slots from the bucket pointers (cheap, it touches only the cache and the
 * buckets) and feeding suffixes that land inside the block back into the cache; the team finally
 * scatters the suffixes to their slots (the random writes, in parallel).
 *
 * <p>Blocks overlap in a pipeline: while one thread resolves a block, the others gather the next
 * one into a second cache, and the resolving thread joins them when done. An entry of the next
 * block that this block induces was still empty when gathered; the member that scatters such an
 * entry gathers it again, which is all the next block needed from this one (entries are only ever
 * induced ahead of the scan).
 *
 * <p>Cache protocol, per block offset {@code j}: after gather {@code sym[j]} is the bucket to take
 * a slot from (or {@code -1}: nothing to induce) and {@code val[j]} the entry to store there;
 * resolve lists the (slot, entry) pairs of the entries that induce, in scan order, at the start of
 * the cache (upward) or its end (downward), over entries already resolved, so that the scatter loop
 * stores without a branch on whether there is anything to store.
 */
abstract class InducedScan {
  /** Entries a thread gathers at a time while the next block is shared out. */
  private static final int CHUNK = 1 << 12;

  /** Scans {@code [from, to)} upward ({@code up}) or downward. */
  final void scan(int from, int to, boolean up, Workspace ws) {
    Team team = ws.team();
    if (team.size() == 1 || to - from < ws.minParallel()) {
      fused(from, to);
      return;
    }
    int block = ws.blockSize();
    int total = to - from;
    int[][] sym = {ws.sym(0), ws.sym(1)};
    int[][] val = {ws.val(0), ws.val(1)};
    int len = Math.min(block, total);
    int start = up ? from : to - len;
    int first = start;
    team.forRange(len, (lo, hi) -> gather(first, (int) lo, (int) hi, sym[0], val[0]));
    for (int done = len, cache = 0; ; cache ^= 1) {
      int[] s = sym[cache];
      int[] v = val[cache];
      int[] nextSym = sym[cache ^ 1];
      int[] nextVal = val[cache ^ 1];
      int nextLen = Math.min(block, total - done);
      int nextStart = up ? from + done : to - done - nextLen;
      int here = start;
      int size = len;
      AtomicInteger handedOut = new AtomicInteger();
      int[] listed = new int[1];
      team.run(
          (part, parts) -> {
            if (part == 0) {
              listed[0] = resolve(here, size, s, v);
            }
            for (int c; (c = handedOut.getAndAdd(CHUNK)) < nextLen; ) {
              gather(nextStart, c, Math.min(c + CHUNK, nextLen), nextSym, nextVal);
            }
          });
      int listStart = up ? 0 : size - listed[0];
      team.forRange(
          listed[0],
          (lo, hi) ->
              scatter(
                  ws.sa(),
                  listStart + (int) lo,
                  listStart + (int) hi,
                  s,
                  v,
                  nextStart,
                  nextLen,
                  nextSym,
                  nextVal));
      if (nextLen == 0) {
        return;
      }
      start = nextStart;
      len = nextLen;
      done += nextLen;
    }
  }

  /** The sequential pass over {@code [from, to)} in scan direction. */
  abstract void fused(int from, int to);

  /** Fills the cache for block offsets {@code [lo, hi)} of the block starting at {@code start}. */
  abstract void gather(int start, int lo, int hi, int[] sym, int[] val);

  /**
   * Turns buckets into slots in scan order and lists the pairs to store; re-gathers entries induced
   * into the block itself.
   *
   * @return how many pairs, listed from offset 0 up (upward scans) or down from {@code len}
   */
  abstract int resolve(int start, int len, int[] sym, int[] val);

  /**
   * Stores the listed pairs {@code [lo, hi)} and gathers again those that land in the next block,
   * {@code [nextStart, nextStart + nextLen)}: only this member writes those slots.
   */
  private void scatter(
      int[] sa,
      int lo,
      int hi,
      int[] sym,
      int[] val,
      int nextStart,
      int nextLen,
      int[] nextSym,
      int[] nextVal) {
    for (int j = lo; j < hi; j++) {
      int slot = sym[j];
      sa[slot] = val[j];
      int ahead = slot - nextStart;
      if (Integer.compareUnsigned(ahead, nextLen) < 0) {
        gather(nextStart, ahead, ahead + 1, nextSym, nextVal);
      }
    }
  }
}
