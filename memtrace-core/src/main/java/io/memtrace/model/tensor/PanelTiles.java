package io.memtrace.model.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * The register tiles of the vector matrix product: activation rows against one packed panel of
 * weights, the panel {@link #width} outputs wide and component-major. The tile is sized for the
 * machine's vector registers, so that its accumulators, the panel's loaded vectors and one
 * broadcast never spill: {@link TwoVectorTiles} for 16 registers (AVX2), {@link ThreeVectorTiles}
 * for 32 (AVX-512). Every output is the plain FMA chain over k in either.
 */
sealed interface PanelTiles permits TwoVectorTiles, ThreeVectorTiles {
  /** The tiles for this machine: three vectors wide where vectors are 512 bits (32 registers). */
  static PanelTiles forMachine() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512
        ? new ThreeVectorTiles()
        : new TwoVectorTiles();
  }

  /** Outputs per panel. */
  int width();

  /** Activation rows of the largest tile; the smaller tiles take half of them and one. */
  int rows();

  /**
   * {@code rows} (one of {@link #rows()}, half of it, or 1) activation rows at {@code x0} (stride
   * k) against the whole panel at {@code p0}: results to {@code rows} rows of {@code out}, {@link
   * #width} outputs each.
   */
  void tile(int rows, float[] panel, int p0, int k, float[] x, int x0, float[] out, int o0, int s);

  /** n activation rows against one packed panel of {@code used} outputs, to {@code out[o0 ..]}. */
  default void product(
      float[] panel,
      int p,
      int used,
      float[] x,
      int xOff,
      int n,
      int k,
      float[] out,
      int o0,
      int s) {
    int i = tiles(rows(), 0, panel, p, used, x, xOff, n, k, out, o0, s);
    i = tiles(rows() / 2, i, panel, p, used, x, xOff, n, k, out, o0, s);
    tiles(1, i, panel, p, used, x, xOff, n, k, out, o0, s);
  }

  /**
   * Activation rows from {@code i} on, {@code rows} at a time while whole tiles remain; returns the
   * first row left. A partial panel's outputs go through a spill buffer, so that the tile stays one
   * code path.
   */
  private int tiles(
      int rows,
      int i,
      float[] panel,
      int p,
      int used,
      float[] x,
      int xOff,
      int n,
      int k,
      float[] out,
      int o0,
      int s) {
    int width = width();
    float[] spill = used == width ? null : Scratch.floats(Scratch.SPILL, rows * width);
    for (; i + rows <= n; i += rows) {
      int o = o0 + i * s;
      if (spill == null) {
        tile(rows, panel, p, k, x, xOff + i * k, out, o, s);
      } else {
        tile(rows, panel, p, k, x, xOff + i * k, spill, 0, width);
        for (int r = 0; r < rows; r++) System.arraycopy(spill, r * width, out, o + r * s, used);
      }
    }
    return i;
  }
}
