package io.memtrace.model.tensor;

/**
 * Per-thread float buffers that grow to the largest size asked for and are then reused, so hot
 * loops allocate nothing. A slot's contents are valid until the same thread asks for that slot
 * again.
 */
public final class Scratch {
  /** Decoded weight rows in {@link MatMul}. */
  public static final int WEIGHTS = 0;

  /** Attention: queries of one head. */
  public static final int QUERIES = 1;

  /** Attention: scores of a block of queries. */
  public static final int SCORES = 2;

  /** Packed weight panels inside the vector matrix product. */
  public static final int PANEL = 3;

  /** Outputs of a partial panel inside the vector matrix product. */
  public static final int SPILL = 4;

  private static final int SLOTS = 5;

  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[SLOTS][0]);

  private Scratch() {}

  /** A buffer of at least {@code size} floats for {@code slot}; contents are undefined. */
  public static float[] floats(int slot, int size) {
    float[][] mine = BUFFERS.get();
    if (mine[slot].length < size) mine[slot] = new float[size];
    return mine[slot];
  }
}
