package io.memtrace.model.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Tiles of 6, 3 and 1 activation rows against panels of two vectors of outputs, for machines with
 * 16 vector registers (AVX2).
 */
final class TwoVectorTiles implements PanelTiles {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();
  private static final int PANEL = 2 * L;

  @Override
  public int width() {
    return PANEL;
  }

  @Override
  public int rows() {
    return 6;
  }

  @Override
  public void tile(
      int rows, float[] panel, int p0, int k, float[] x, int x0, float[] out, int o0, int s) {
    switch (rows) {
      case 6 -> tile6(panel, p0, k, x, x0, out, o0, s);
      case 3 -> tile3(panel, p0, k, x, x0, out, o0, s);
      case 1 -> tile1(panel, p0, k, x, x0, out, o0);
      default -> throw new IllegalArgumentException("no tile of " + rows + " rows");
    }
  }

  /**
   * Six activation rows (at {@code x0}, stride k) against the panel's 2 vectors of outputs: 12
   * accumulators, 2 loads and 6 broadcasts per 12 FMAs; results to 6 rows of {@code out}. With the
   * loaded panel and one broadcast this needs 15 vector registers, so on AVX2's 16 nothing spills.
   * A 4 x 3-vector tile needs 17: C2 then keeps an accumulator on the stack, and the store-to-load
   * round trip on it every step halves the kernel's speed.
   */
  private static void tile6(
      float[] panel, int p0, int k, float[] x, int x0, float[] out, int o0, int stride) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00;
    FloatVector c10 = c00, c11 = c00;
    FloatVector c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00;
    FloatVector c40 = c00, c41 = c00;
    FloatVector c50 = c00, c51 = c00;
    int x1 = x0 + k;
    int x2 = x1 + k;
    int x3 = x2 + k;
    int x4 = x3 + k;
    int x5 = x4 + k;
    for (int c = 0; c < k; c++) {
      int p = p0 + c * PANEL;
      FloatVector b0 = FloatVector.fromArray(F, panel, p);
      FloatVector b1 = FloatVector.fromArray(F, panel, p + L);
      FloatVector a = FloatVector.broadcast(F, x[x0 + c]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(F, x[x1 + c]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(F, x[x2 + c]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(F, x[x3 + c]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      a = FloatVector.broadcast(F, x[x4 + c]);
      c40 = a.fma(b0, c40);
      c41 = a.fma(b1, c41);
      a = FloatVector.broadcast(F, x[x5 + c]);
      c50 = a.fma(b0, c50);
      c51 = a.fma(b1, c51);
    }
    c00.intoArray(out, o0);
    c01.intoArray(out, o0 + L);
    int o = o0 + stride;
    c10.intoArray(out, o);
    c11.intoArray(out, o + L);
    o += stride;
    c20.intoArray(out, o);
    c21.intoArray(out, o + L);
    o += stride;
    c30.intoArray(out, o);
    c31.intoArray(out, o + L);
    o += stride;
    c40.intoArray(out, o);
    c41.intoArray(out, o + L);
    o += stride;
    c50.intoArray(out, o);
    c51.intoArray(out, o + L);
  }

  /** Three activation rows: the same FMA chain per output as {@link #tile6}. */
  private static void tile3(
      float[] panel, int p0, int k, float[] x, int x0, float[] out, int o0, int stride) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00;
    FloatVector c10 = c00, c11 = c00;
    FloatVector c20 = c00, c21 = c00;
    int x1 = x0 + k;
    int x2 = x1 + k;
    for (int c = 0; c < k; c++) {
      int p = p0 + c * PANEL;
      FloatVector b0 = FloatVector.fromArray(F, panel, p);
      FloatVector b1 = FloatVector.fromArray(F, panel, p + L);
      FloatVector a = FloatVector.broadcast(F, x[x0 + c]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(F, x[x1 + c]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(F, x[x2 + c]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
    }
    c00.intoArray(out, o0);
    c01.intoArray(out, o0 + L);
    int o = o0 + stride;
    c10.intoArray(out, o);
    c11.intoArray(out, o + L);
    o += stride;
    c20.intoArray(out, o);
    c21.intoArray(out, o + L);
  }

  /** One activation row: the same FMA chain per output as {@link #tile6}. */
  private static void tile1(float[] panel, int p0, int k, float[] x, int x0, float[] out, int o) {
    FloatVector c0 = FloatVector.zero(F), c1 = c0;
    for (int c = 0; c < k; c++) {
      int p = p0 + c * PANEL;
      FloatVector a = FloatVector.broadcast(F, x[x0 + c]);
      c0 = a.fma(FloatVector.fromArray(F, panel, p), c0);
      c1 = a.fma(FloatVector.fromArray(F, panel, p + L), c1);
    }
    c0.intoArray(out, o);
    c1.intoArray(out, o + L);
  }
}
