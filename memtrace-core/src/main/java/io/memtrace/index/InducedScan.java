package io.memtrace.index;

/**
 * One induced-sorting pass over a range of the suffix array: each entry read in scan order may put
 * one suffix into the next free slot of its bucket, which always lies ahead of the scan.
 *
 * <p>Alone, a pass runs {@link #fused}, the plain loop. With a team it runs in blocks, the way
 * libsais does: the team first {@link #gather}s, for every entry of the block, the bucket and the
 * suffix it induces (the random reads of the text, done in parallel); one thread then {@link
 * #resolve}s the block in order, taking slots from the bucket pointers (cheap, it touches only the
 * cache and the buckets) and feeding suffixes that land inside the block back into the cache; the
 * team finally scatters the suffixes to their slots (the random writes, in parallel).
 *
 * <p>Cache protocol, per block offset {@code j}: after gather {@code sym[j]} is the bucket to take
 * a slot from (or {@code -1}: nothing to induce) and {@code val[j]} the entry to store there;
 * resolve replaces {@code sym[j]} by the slot.
 */
abstract class InducedScan {
  /** Scans {@code [from, to)} upward ({@code up}) or downward. */
  final void scan(int from, int to, boolean up, Workspace ws) {
    Team team = ws.team();
    if (team.size() == 1 || to - from < ws.minParallel()) {
      fused(from, to);
      return;
    }
    int block = ws.blockSize();
    int[] sym = ws.sym();
    int[] val = ws.val();
    for (int done = 0; done < to - from; ) {
      int len = Math.min(block, to - from - done);
      int start = up ? from + done : to - done - len;
      team.forRange(len, (lo, hi) -> gather(start, (int) lo, (int) hi, sym, val));
      resolve(start, len, sym, val);
      team.forRange(len, (lo, hi) -> scatter(ws.sa(), (int) lo, (int) hi, sym, val));
      done += len;
    }
  }

  /** The sequential pass over {@code [from, to)} in scan direction. */
  abstract void fused(int from, int to);

  /** Fills the cache for block offsets {@code [lo, hi)} of the block starting at {@code start}. */
  abstract void gather(int start, int lo, int hi, int[] sym, int[] val);

  /** Turns buckets into slots in scan order; re-gathers entries induced into the block itself. */
  abstract void resolve(int start, int len, int[] sym, int[] val);

  private static void scatter(int[] sa, int lo, int hi, int[] sym, int[] val) {
    for (int j = lo; j < hi; j++) {
      int slot = sym[j];
      if (slot >= 0) {
        sa[slot] = val[j];
      }
    }
  }
}
