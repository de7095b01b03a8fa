package io.memtrace.model.engine;

/**
 * The tokens a forward pass feeds, several rows laid end to end: linear layers see one (n, dim)
 * matrix without padding, attention sees each row apart. Row r's tokens sit at flat indices {@code
 * offset(r) ..< offset(r) + count(r)} and positions {@code start(r) ..}, after what its cache
 * holds.
 */
public final class Batch {
  private final int[] tokens;
  private final int[] rowOf;
  private final int[] offset;
  private final int[] start;

  public Batch(int[][] rows, KvCache cache) {
    if (rows.length != cache.rows()) {
      throw new IllegalArgumentException(rows.length + " rows for a cache of " + cache.rows());
    }
    offset = new int[rows.length + 1];
    start = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      offset[r + 1] = Math.addExact(offset[r], rows[r].length);
      start[r] = cache.length(r);
    }
    tokens = new int[offset[rows.length]];
    rowOf = new int[tokens.length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, tokens, offset[r], rows[r].length);
      for (int i = offset[r]; i < offset[r + 1]; i++) rowOf[i] = r;
    }
  }

  /** Tokens in all rows. */
  public int size() {
    return tokens.length;
  }

  public int rows() {
    return start.length;
  }

  public int token(int i) {
    return tokens[i];
  }

  public int rowOf(int i) {
    return rowOf[i];
  }

  /** Position of flat token {@code i} in its row's sequence. */
  public int position(int i) {
    int r = rowOf[i];
    return start[r] + i - offset[r];
  }

  public int offset(int row) {
    return offset[row];
  }

  public int count(int row) {
    return offset[row + 1] - offset[row];
  }

  public int start(int row) {
    return start[row];
  }

  /** The largest position any token takes. */
  public int maxPosition() {
    int max = -1;
    for (int r = 0; r < rows(); r++) {
      if (count(r) > 0) max = Math.max(max, start[r] + count(r) - 1);
    }
    return max;
  }
}
