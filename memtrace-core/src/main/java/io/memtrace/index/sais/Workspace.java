package io.memtrace.index.sais;

/**
 * What one construction shares across its recursion levels: the suffix array (each level uses a
 * prefix of it, and its free tail as scratch), the thread team, and the block cache of {@link
 * InducedScan}.
 */
final class Workspace implements AutoCloseable {
  /** Entries per block of a parallel induced scan; each of the two caches is two ints per entry. */
  static final int BLOCK = 1 << 17;

  /** Scans shorter than this run alone: a block hand-off costs microseconds. */
  static final int MIN_PARALLEL = 1 << 14;

  private final int[] sa;
  private final Team team;
  private final int[][] sym;
  private final int[][] val;
  private final int blockSize;
  private final int minParallel;
  private final Mode mode;
  private long allowance;
  private int[] handed;

  /** How a level finds LMS substring names; {@link #AUTO} picks by the memory at hand. */
  enum Mode {
    AUTO,
    NAMING,
    LEAN
  }

  Workspace(int[] sa, int threads) {
    this(sa, threads, Mode.AUTO, BLOCK, MIN_PARALLEL);
  }

  /**
   * With the given naming mode and block sizes, for tests that reach every path on small texts;
   * other parallel passes split their work into parts of at least {@code 4 minParallel} entries.
   */
  Workspace(int[] sa, int threads, Mode mode, int blockSize, int minParallel) {
    this.sa = sa;
    this.team = new Team(threads, 4L * minParallel);
    boolean parallel = threads > 1;
    this.sym = parallel ? new int[][] {new int[blockSize], new int[blockSize]} : null;
    this.val = parallel ? new int[][] {new int[blockSize], new int[blockSize]} : null;
    this.blockSize = blockSize;
    this.minParallel = minParallel;
    this.mode = mode;
    this.allowance = sa.length / SAVED_COUNTS_SHARE;
  }

  /** Share of the text length a construction may keep on the heap as saved symbol counts. */
  static final int SAVED_COUNTS_SHARE = 8;

  /**
   * Share of the text length a level below the top may allocate as bucket pointers or symbol counts
   * when its free space is too small; a level that would need more sorts by {@link DoublingSort} or
   * counts again instead.
   */
  static final int HEAP_SHARE = 16;

  /** Whether a level below the top may allocate {@code ints} on the heap (see HEAP_SHARE). */
  boolean heapAllows(int ints) {
    return ints <= sa.length / HEAP_SHARE;
  }

  /** Takes {@code ints} from the allowance for saved counts, if that much is left. */
  boolean reserve(int ints) {
    if (ints > allowance) {
      return false;
    }
    allowance -= ints;
    return true;
  }

  /** Gives back what {@link #reserve} took. */
  void release(int ints) {
    allowance += ints;
  }

  /**
   * Counts, taken from the allowance, for the level that writes the next level's text to fill with
   * the symbol counts of that text; null when the allowance is spent.
   */
  int[] handOverCounts(int k) {
    if (!reserve(k)) {
      return null;
    }
    handed = new int[k];
    return handed;
  }

  /**
   * The counts handed over for this level's text, or null; the taker releases their allowance when
   * done.
   */
  int[] takeCounts() {
    int[] counts = handed;
    handed = null;
    return counts;
  }

  /** Releases counts handed over but not taken. */
  void dropCounts() {
    if (handed != null) {
      release(handed.length);
      handed = null;
    }
  }

  int[] sa() {
    return sa;
  }

  Team team() {
    return team;
  }

  int blockSize() {
    return blockSize;
  }

  int minParallel() {
    return minParallel;
  }

  /** Cache {@code i} (0 or 1) of the pipelined induced scans: buckets, then slots. */
  int[] sym(int i) {
    return sym[i];
  }

  /** Cache {@code i}: the entries to store. */
  int[] val(int i) {
    return val[i];
  }

  Mode mode() {
    return mode;
  }

  @Override
  public void close() {
    team.close();
  }
}
