package io.memtrace.index;

import static io.memtrace.index.IndexFile.LE_INT;
import static io.memtrace.index.IndexFile.LE_LONG;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The corpus count of a window of every row of the store an index was built from, all rows in one
 * pass over each shard's suffix array and LCP file instead of one query per row, kept as {@code
 * INDEX/windows.counts}:
 *
 * <pre>
 * windows.counts := Header("memtrace-window-counts", 1) Body Footer         (see IndexFile)
 *   Body   := Rows u64, Slots u32, Slot[Slots], Counts
 *   Slot   := Offset u32, Width u32          (ascending by width, then offset)
 *   Counts := i64[Rows * Slots]; Counts[r * Slots + k] = occurrences in the index of tokens
 *             [Offset_k, Offset_k + Width_k) of row r (sequence r of the store), what {@link
 *             IndexReader#count} answers for them; -1 when row r has fewer tokens than
 *             Offset_k + Width_k
 * </pre>
 *
 * <p>How: a window of row r lies inside its document, so it starts at a known position p of a
 * shard's text, and the suffixes starting with its W tokens are the run of ranks around p's rank
 * where the LCP of neighbours is at least W (an LCP interval): its length is the shard's count. One
 * walk over the ranks cuts each shard into such runs; a window's position is recognised in the walk
 * by a bit set of window starts. With several shards, the shards' runs arrive in the order of their
 * first W symbols, and a merge of the shards' walks (comparing the W symbols of the runs' first
 * suffixes) adds the counts of equal runs of all shards, so no shard is queried per row. Widths are
 * at most {@link ShardWriter#LCP_CAP}.
 *
 * <p>Threading: the reader is immutable after open.
 */
public final class WindowCounts {
  public static final String FILE = "windows.counts";
  static final String FORMAT = "memtrace-window-counts";
  static final int VERSION = 1;

  /** A window of every row: tokens {@code [offset, offset + width)}. */
  public record Slot(int offset, int width) {}

  private final IndexFile file;
  private final long rows;
  private final List<Slot> slots;
  private final MemorySegment counts;

  private WindowCounts(IndexFile file, long rows, List<Slot> slots, MemorySegment counts) {
    this.file = file;
    this.rows = rows;
    this.slots = slots;
    this.counts = counts;
  }

  /** Opens {@code dir/windows.counts} of the index {@code id}, or returns null if there is none. */
  static WindowCounts openIfPresent(Path dir, byte[] id, Arena arena) throws IOException {
    Path path = dir.resolve(FILE);
    if (!Files.exists(path)) return null;
    return open(path, id, arena);
  }

  /**
   * Opens window counts written for {@code index} elsewhere than its directory; mapped as long as
   * the index is open.
   */
  public static WindowCounts open(Path path, IndexReader index) throws IOException {
    return open(path, index.id(), index.arena());
  }

  static WindowCounts open(Path path, byte[] id, Arena arena) throws IOException {
    IndexFile file = IndexFile.open(path, FORMAT, VERSION, VERSION, id, arena);
    MemorySegment body = file.body();
    file.checkAll();
    if (body.byteSize() < 12) throw BadInputException.in(path, "body too short");
    long rows = body.get(LE_LONG, 0);
    int n = body.get(LE_INT, 8);
    if (rows < 0 || n < 0 || body.byteSize() != 12 + 8L * n + 8 * rows * n) {
      throw BadInputException.in(
          path,
          "inconsistent body: %d rows, %d slots, %d bytes".formatted(rows, n, body.byteSize()));
    }
    List<Slot> slots = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      slots.add(new Slot(body.get(LE_INT, 12 + 8L * k), body.get(LE_INT, 16 + 8L * k)));
    }
    return new WindowCounts(file, rows, List.copyOf(slots), body.asSlice(12 + 8L * n));
  }

  public Path path() {
    return file.path();
  }

  public long rows() {
    return rows;
  }

  public List<Slot> slots() {
    return slots;
  }

  /** Whether the file holds the window {@code [offset, offset + width)} of every row. */
  public boolean has(int offset, int width) {
    return slots.contains(new Slot(offset, width));
  }

  /**
   * The count of tokens {@code [offset, offset + width)} of row {@code row}, or -1 if the row is
   * shorter.
   *
   * @throws IllegalArgumentException if the file holds no such window
   */
  public long count(long row, int offset, int width) {
    int k = slots.indexOf(new Slot(offset, width));
    if (k < 0)
      throw new IllegalArgumentException("no window counts for " + new Slot(offset, width));
    if (row < 0 || row >= rows) throw new IndexOutOfBoundsException("row " + row + " of " + rows);
    long at = 8 * (row * slots.size() + k);
    file.touch(at);
    return counts.get(LE_LONG, at);
  }

  void verify() throws BadInputException {
    file.verify();
  }

  /**
   * Counts windows {@code [offset, offset + width)} of every row of {@code store} for every given
   * offset and width, and writes them to {@code out} (the index's {@link #FILE} when null);
   * advances by shard length per width.
   *
   * @throws BadInputException if {@code store} is not the index's, a shard lacks its LCP file, or a
   *     width is outside {@code [1, 255]}
   */
  public static Path write(
      IndexReader index, TokenStore store, int[] offsets, int[] widths, Path out, Progress progress)
      throws IOException {
    index.requireStore(store);
    if (!index.hasLcp()) {
      throw new BadInputException(
          index.directory()
              + ": the index has no LCP files; add them with `memtrace index lcp --index "
              + index.directory()
              + "` (or build with --lcp)");
    }
    TreeSet<Slot> set =
        new TreeSet<>(
            (a, b) ->
                a.width() != b.width()
                    ? Integer.compare(a.width(), b.width())
                    : Integer.compare(a.offset(), b.offset()));
    for (int w : widths) {
      if (w < 1 || w > ShardWriter.LCP_CAP) {
        throw new BadInputException(
            "window width " + w + " is outside [1, " + ShardWriter.LCP_CAP + "]");
      }
      for (int o : offsets) {
        if (o < 0) throw new BadInputException("window offset " + o + " is negative");
        set.add(new Slot(o, w));
      }
    }
    List<Slot> slots = List.copyOf(set);
    long rows = store.sequenceCount();
    long[] counts = new long[Math.toIntExact(rows * slots.size())];
    Arrays.fill(counts, -1);
    RowPositions positions = RowPositions.of(index, store);
    for (int w : set.stream().mapToInt(Slot::width).distinct().toArray()) {
      List<Integer> ks = new ArrayList<>();
      for (int k = 0; k < slots.size(); k++) if (slots.get(k).width() == w) ks.add(k);
      WindowWalk.count(index.shards(), positions, slots, ks, w, counts, progress);
    }
    Path target = out != null ? out : index.directory().resolve(FILE);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (var writer =
        IndexFileWriter.create(
            tmp, FORMAT, VERSION, index.id(), 12 + 8L * slots.size() + 8L * counts.length)) {
      writer.putLong(rows);
      writer.putInt(slots.size());
      for (Slot s : slots) {
        writer.putInt(s.offset());
        writer.putInt(s.width());
      }
      for (long c : counts) writer.putLong(c);
      writer.finish();
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
