package io.memtrace.index;

import io.memtrace.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One width of {@link WindowCounts}: every shard's ranks cut into runs of suffixes that share their
 * first {@code width} symbols (LCP at least {@code width} with the one before), the shards' runs
 * merged in the order of those symbols, and each run's count, summed over shards, given to the
 * windows that start at one of its suffixes.
 */
final class WindowWalk {
  private WindowWalk() {}

  static void count(
      List<Shard> shards,
      RowPositions rows,
      List<WindowCounts.Slot> slots,
      List<Integer> ks,
      int width,
      long[] counts,
      Progress progress) {
    List<Walker> active = new ArrayList<>();
    for (int s = 0; s < shards.size(); s++) {
      Walker w = new Walker(shards.get(s), s, rows, slots, ks, width);
      if (w.advance()) active.add(w);
    }
    int stride = slots.size();
    List<Walker> equal = new ArrayList<>();
    while (!active.isEmpty()) {
      equal.clear();
      if (active.size() == 1) {
        equal.add(active.getFirst());
      } else {
        Walker min = active.getFirst();
        for (Walker w : active) if (w.compareTo(min, width) < 0) min = w;
        for (Walker w : active) if (w == min || w.compareTo(min, width) == 0) equal.add(w);
      }
      long total = 0;
      for (Walker w : equal) total += w.end - w.start;
      for (Walker w : equal) {
        for (int i = 0; i < w.hitCount; i++) {
          int t = w.hits[i];
          counts[w.targetRow[t] * stride + w.targetSlot[t]] = total;
        }
        if (!w.advance()) {
          active.remove(w);
          progress.advance(w.shard.length());
        }
      }
    }
  }

  /** One shard's walk: the current run of ranks {@code [start, end)} and its windows. */
  private static final class Walker {
    final Shard shard;
    final int width;
    final long[] starts; // bit set of the positions where a window starts
    final int[] targetPosition; // ascending
    final int[] targetRow;
    final int[] targetSlot;
    int[] hits = new int[16]; // indexes into target* of the windows in the current run
    int hitCount;
    int start;
    int end;
    int first; // position of the run's first suffix

    Walker(
        Shard shard,
        int number,
        RowPositions rows,
        List<WindowCounts.Slot> slots,
        List<Integer> ks,
        int width) {
      this.shard = shard;
      this.width = width;
      int n = 0;
      for (int r = 0; r < rows.shard().length; r++) if (rows.shard()[r] == number) n += ks.size();
      int[] position = new int[n];
      int[] row = new int[n];
      int[] slot = new int[n];
      int t = 0;
      for (int r = 0; r < rows.shard().length; r++) {
        if (rows.shard()[r] != number) continue;
        for (int k : ks) {
          int offset = slots.get(k).offset();
          if ((long) offset + width > rows.length()[r]) continue;
          position[t] = rows.position()[r] + offset;
          row[t] = r;
          slot[t++] = k;
        }
      }
      this.targetPosition = Arrays.copyOf(position, t);
      this.targetRow = Arrays.copyOf(row, t);
      this.targetSlot = Arrays.copyOf(slot, t);
      for (int i = 1; i < t; i++) {
        if (targetPosition[i] <= targetPosition[i - 1]) {
          throw new IllegalStateException("window starts out of order at row " + targetRow[i]);
        }
      }
      this.starts = new long[(shard.length() + 63) >>> 6];
      for (int i = 0; i < t; i++) starts[targetPosition[i] >>> 6] |= 1L << targetPosition[i];
      this.end = 0;
    }

    /** Moves to the next run; false past the last rank. */
    boolean advance() {
      int n = shard.length();
      if (end >= n) return false;
      start = end;
      hitCount = 0;
      first = shard.suffix(start);
      see(first);
      int r = start + 1;
      while (r < n && shard.lcp(r) >= width) see(shard.suffix(r++));
      end = r;
      return true;
    }

    private void see(int pos) {
      if ((starts[pos >>> 6] & 1L << pos) == 0) return;
      if (hitCount == hits.length) hits = Arrays.copyOf(hits, 2 * hitCount);
      hits[hitCount++] = Arrays.binarySearch(targetPosition, pos);
    }

    /**
     * This run's first {@code width} symbols against {@code other}'s, up to the first separator
     * both reach at once: runs that hold a window have none, and those that do only need a
     * consistent order.
     */
    int compareTo(Walker other, int width) {
      int separator = shard.vocabSize();
      for (int i = 0; i < width; i++) {
        int a = first + i < shard.length() ? shard.token(first + i) : separator;
        int b =
            other.first + i < other.shard.length() ? other.shard.token(other.first + i) : separator;
        if (a != b) return a < b ? -1 : 1;
        if (a == separator) return 0;
      }
      return 0;
    }
  }
}
