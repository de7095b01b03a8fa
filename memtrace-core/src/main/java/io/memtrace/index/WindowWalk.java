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
    List<Walker> equal = new ArrayList<>();
    while (!active.isEmpty()) {
      equal.clear();
      if (active.size() == 1) {
        equal.add(active.getFirst());
      } else if (active.size() == 2) {
        Walker a = active.get(0);
        Walker b = active.get(1);
        int c = a.compareTo(b, width);
        if (c <= 0) equal.add(a);
        if (c >= 0) equal.add(b);
      } else {
        Walker min = active.getFirst();
        for (Walker w : active) if (w != min && w.compareTo(min, width) < 0) min = w;
        for (Walker w : active) if (w == min || w.compareTo(min, width) == 0) equal.add(w);
      }
      long total = 0;
      for (Walker w : equal) total += w.end - w.start;
      for (Walker w : equal) {
        for (int i = 0; i < w.hitCount; i++) counts[(int) w.hits[i]] = total;
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
    final int stride;
    final long[] starts; // bit set of the positions where a window starts
    final int[] rowStart; // ascending: where each of the shard's rows starts in its text
    final int[] rowNumber;
    final int[] slotOfOffset; // the slot of this width at each offset, -1 for none
    long[] hits = new long[16]; // indexes into counts of the windows in the current run
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
      this.stride = slots.size();
      int maxOffset = 0;
      for (int k : ks) maxOffset = Math.max(maxOffset, slots.get(k).offset());
      slotOfOffset = new int[maxOffset + 1];
      Arrays.fill(slotOfOffset, -1);
      for (int k : ks) slotOfOffset[slots.get(k).offset()] = k;
      int n = 0;
      for (int r = 0; r < rows.shard().length; r++) if (rows.shard()[r] == number) n++;
      rowStart = new int[n];
      rowNumber = new int[n];
      starts = new long[(shard.length() + 63) >>> 6];
      int i = 0;
      for (int r = 0; r < rows.shard().length; r++) {
        if (rows.shard()[r] != number) continue;
        rowStart[i] = rows.position()[r];
        rowNumber[i++] = r;
        for (int k : ks) {
          int offset = slots.get(k).offset();
          if ((long) offset + width > rows.length()[r]) continue;
          int pos = rows.position()[r] + offset;
          starts[pos >>> 6] |= 1L << pos;
        }
      }
      for (int j = 1; j < n; j++) {
        if (rowStart[j] <= rowStart[j - 1]) {
          throw new IllegalStateException("rows out of order at row " + rowNumber[j]);
        }
      }
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

    /** Notes the window starting at {@code pos}, if one does: its row, then its slot. */
    private void see(int pos) {
      if ((starts[pos >>> 6] & 1L << pos) == 0) return;
      int lo = 0;
      int hi = rowStart.length - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (rowStart[mid] <= pos) lo = mid;
        else hi = mid - 1;
      }
      int k = slotOfOffset[pos - rowStart[lo]];
      if (hitCount == hits.length) hits = Arrays.copyOf(hits, 2 * hitCount);
      hits[hitCount++] = (long) rowNumber[lo] * stride + k;
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
