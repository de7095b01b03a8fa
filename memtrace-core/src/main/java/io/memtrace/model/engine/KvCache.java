package io.memtrace.model.engine;

import java.util.Arrays;

/**
 * Keys and values of every position already run, per row and layer, so decoding a token costs
 * attention over the prefix rather than a pass over it. Layout per (row, layer): {@code
 * [kvHead][capacity][headDim]}, values row-major, keys in the order of the kernels' packed matrix
 * product ({@link io.memtrace.model.tensor.Kernels#pack}, panels of {@link #keyBlock} positions,
 * component-major within a panel), so attention multiplies queries with the keys as they lie,
 * without laying them out again for every query.
 *
 * <p>A row's cache can be cut back to a shorter prefix ({@link #truncate}) and extended from there:
 * the teacher-forced pass over a true continuation leaves the cache that decoding from its first
 * mistake needs. Not thread-safe; the model fills it from its own threads during a call.
 */
public final class KvCache {
  private final int layers;
  private final int kvHeads;
  private final int headDim;
  private final int keyBlock;
  private final int[] length;
  private final int[] capacity;
  private final float[][][] keys;
  private final float[][][] values;

  /**
   * @param keyBlock positions per panel of keys: the kernels' {@link
   *     io.memtrace.model.tensor.Kernels#rowBlock}
   */
  public KvCache(int rows, int layers, int kvHeads, int headDim, int keyBlock) {
    if (keyBlock < 1) throw new IllegalArgumentException("keyBlock " + keyBlock);
    this.layers = layers;
    this.kvHeads = kvHeads;
    this.headDim = headDim;
    this.keyBlock = keyBlock;
    this.length = new int[rows];
    this.capacity = new int[rows];
    this.keys = new float[rows][layers][0];
    this.values = new float[rows][layers][0];
  }

  public int rows() {
    return length.length;
  }

  /** Positions of row {@code row} held: the next token fed to it goes to this position. */
  public int length(int row) {
    return length[row];
  }

  /** Forgets positions from {@code newLength} on. */
  public void truncate(int row, int newLength) {
    if (newLength < 0 || newLength > length[row]) {
      throw new IllegalArgumentException(
          "row " + row + " holds " + length[row] + " positions, cannot truncate to " + newLength);
    }
    length[row] = newLength;
  }

  /** Bytes held by the key and value arrays. */
  public long bytes() {
    long n = 0;
    for (int c : capacity) n += 2L * layers * kvHeads * c * headDim * Float.BYTES;
    return n;
  }

  /** Makes room for {@code positions} in row {@code row}, keeping what it holds. */
  public void reserve(int row, int positions) {
    if (positions <= capacity[row]) return;
    int grown = Math.max(positions, Math.min(2 * capacity[row], positions + 4096));
    grown = Math.addExact(grown, keyBlock - 1) / keyBlock * keyBlock;
    for (int l = 0; l < layers; l++) {
      keys[row][l] = regrow(keys[row][l], capacity[row], grown);
      values[row][l] = regrow(values[row][l], capacity[row], grown);
    }
    capacity[row] = grown;
  }

  private float[] regrow(float[] old, int oldCap, int newCap) {
    float[] out = new float[Math.multiplyExact(kvHeads * newCap, headDim)];
    for (int g = 0; g < kvHeads; g++) {
      System.arraycopy(old, g * oldCap * headDim, out, g * newCap * headDim, oldCap * headDim);
    }
    return out;
  }

  /**
   * Holds the positions a forward pass over {@code batch} wrote: row r then ends at {@code
   * batch.start(r) + batch.count(r)}.
   */
  public void advance(Batch batch) {
    for (int r = 0; r < batch.rows(); r++) length[r] = batch.start(r) + batch.count(r);
  }

  /** Positions per panel of keys. */
  public int keyBlock() {
    return keyBlock;
  }

  /**
   * Row {@code row}'s keys in layer {@code layer}: component c of head g's key at position t is at
   * {@link #keyOffset}{@code + c * keyBlock()}.
   */
  public float[] keys(int row, int layer) {
    return keys[row][layer];
  }

  /** Row {@code row}'s values in layer {@code layer}; head g, position t at {@link #offset}. */
  public float[] values(int row, int layer) {
    return values[row][layer];
  }

  /**
   * Index of (head g, position t) in {@link #values} of row {@code row}; of head g's keys for
   * {@code t = 0}, the start of the packed matrix of its keys.
   */
  public int offset(int row, int g, int t) {
    return (g * capacity[row] + t) * headDim;
  }

  /** Index of component 0 of (head g, position t) in {@link #keys} of row {@code row}. */
  public int keyOffset(int row, int g, int t) {
    return offset(row, g, t / keyBlock * keyBlock) + t % keyBlock;
  }

  @Override
  public String toString() {
    return "KvCache" + Arrays.toString(length);
  }
}
