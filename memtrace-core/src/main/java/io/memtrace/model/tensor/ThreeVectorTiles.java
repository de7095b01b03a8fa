package io.memtrace.model.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Tiles of 8, 4 and 1 activation rows against panels of three vectors of outputs, for machines with
 * 32 vector registers (AVX-512).
 */
final class ThreeVectorTiles implements PanelTiles {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();
  private static final int PANEL = 3 * L;

  @Override
  public int width() {
    return PANEL;
  }

  @Override
  public int rows() {
    return 8;
  }

  @Override
  public void tile(
      int rows, float[] panel, int p0, int k, float[] x, int x0, float[] out, int o0, int s) {
    switch (rows) {
      case 8 -> tile8(panel, p0, k, x, x0, out, o0, s);
      case 4 -> tile4(panel, p0, k, x, x0, out, o0, s);
      case 1 -> tile1(panel, p0, k, x, x0, out, o0);
      default -> throw new IllegalArgumentException("no tile of " + rows + " rows");
    }
  }

  /**
   * Eight activation rows (at {@code x0}, stride k) against the panel's 3 vectors of outputs: 24
   * accumulators, 3 loads and 8 broadcasts per 24 FMAs; with the loaded panel and one broadcast, 28
   * of AVX-512's 32 registers. Measured against 6 x 2 and 6 x 4 tiles on Zen 5, it keeps the two
   * FMA units busiest: the fewest loads per FMA that still leave the register allocator room.
   */
  private static void tile8(
      float[] panel, int p0, int k, float[] x, int x0, float[] out, int o0, int stride) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    FloatVector c40 = c00, c41 = c00, c42 = c00;
    FloatVector c50 = c00, c51 = c00, c52 = c00;
    FloatVector c60 = c00, c61 = c00, c62 = c00;
    FloatVector c70 = c00, c71 = c00, c72 = c00;
    int x1 = x0 + k;
    int x2 = x1 + k;
    int x3 = x2 + k;
    int x4 = x3 + k;
    int x5 = x4 + k;
    int x6 = x5 + k;
    int x7 = x6 + k;
    for (int c = 0; c < k; c++) {
      int p = p0 + c * PANEL;
      FloatVector b0 = FloatVector.fromArray(F, panel, p);
      FloatVector b1 = FloatVector.fromArray(F, panel, p + L);
      FloatVector b2 = FloatVector.fromArray(F, panel, p + 2 * L);
      FloatVector a = FloatVector.broadcast(F, x[x0 + c]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      c02 = a.fma(b2, c02);
      a = FloatVector.broadcast(F, x[x1 + c]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      c12 = a.fma(b2, c12);
      a = FloatVector.broadcast(F, x[x2 + c]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      c22 = a.fma(b2, c22);
      a = FloatVector.broadcast(F, x[x3 + c]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      c32 = a.fma(b2, c32);
      a = FloatVector.broadcast(F, x[x4 + c]);
      c40 = a.fma(b0, c40);
      c41 = a.fma(b1, c41);
      c42 = a.fma(b2, c42);
      a = FloatVector.broadcast(F, x[x5 + c]);
      c50 = a.fma(b0, c50);
      c51 = a.fma(b1, c51);
      c52 = a.fma(b2, c52);
      a = FloatVector.broadcast(F, x[x6 + c]);
      c60 = a.fma(b0, c60);
      c61 = a.fma(b1, c61);
      c62 = a.fma(b2, c62);
      a = FloatVector.broadcast(F, x[x7 + c]);
      c70 = a.fma(b0, c70);
      c71 = a.fma(b1, c71);
      c72 = a.fma(b2, c72);
    }
    int o = o0;
    c00.intoArray(out, o);
    c01.intoArray(out, o + L);
    c02.intoArray(out, o + 2 * L);
    o += stride;
    c10.intoArray(out, o);
    c11.intoArray(out, o + L);
    c12.intoArray(out, o + 2 * L);
    o += stride;
    c20.intoArray(out, o);
    c21.intoArray(out, o + L);
    c22.intoArray(out, o + 2 * L);
    o += stride;
    c30.intoArray(out, o);
    c31.intoArray(out, o + L);
    c32.intoArray(out, o + 2 * L);
    o += stride;
    c40.intoArray(out, o);
    c41.intoArray(out, o + L);
    c42.intoArray(out, o + 2 * L);
    o += stride;
    c50.intoArray(out, o);
    c51.intoArray(out, o + L);
    c52.intoArray(out, o + 2 * L);
    o += stride;
    c60.intoArray(out, o);
    c61.intoArray(out, o + L);
    c62.intoArray(out, o + 2 * L);
    o += stride;
    c70.intoArray(out, o);
    c71.intoArray(out, o + L);
    c72.intoArray(out, o + 2 * L);
  }

  /** Four activation rows: the same FMA chain per output as {@link #tile8}. */
  private static void tile4(
      float[] panel, int p0, int k, float[] x, int x0, float[] out, int o0, int stride) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    int x1 = x0 + k;
    int x2 = x1 + k;
    int x3 = x2 + k;
    for (int c = 0; c < k; c++) {
      int p = p0 + c * PANEL;
      FloatVector b0 = FloatVector.fromArray(F, panel, p);
      FloatVector b1 = FloatVector.fromArray(F, panel, p + L);
      FloatVector b2 = FloatVector.fromArray(F, panel, p + 2 * L);
      FloatVector a = FloatVector.broadcast(F, x[x0 + c]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      c02 = a.fma(b2, c02);
      a = FloatVector.broadcast(F, x[x1 + c]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      c12 = a.fma(b2, c12);
      a = FloatVector.broadcast(F, x[x2 + c]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      c22 = a.fma(b2, c22);
      a = FloatVector.broadcast(F, x[x3 + c]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      c32 = a.fma(b2, c32);
    }
    int o = o0;
    c00.intoArray(out, o);
    c01.intoArray(out, o + L);
    c02.intoArray(out, o + 2 * L);
    o += stride;
    c10.intoArray(out, o);
    c11.intoArray(out, o + L);
    c12.intoArray(out, o + 2 * L);
    o += stride;
    c20.intoArray(out, o);
    c21.intoArray(out, o + L);
    c22.intoArray(out, o + 2 * L);
    o += stride;
    c30.intoArray(out, o);
    c31.intoArray(out, o + L);
    c32.intoArray(out, o + 2 * L);
  }

  /** One activation row: the same FMA chain per output as {@link #tile8}. */
  private static void tile1(float[] panel, int p0, int k, float[] x, int x0, float[] out, int o) {
    FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0;
    for (int c = 0; c < k; c++) {
      int p = p0 + c * PANEL;
      FloatVector a = FloatVector.broadcast(F, x[x0 + c]);
      c0 = a.fma(FloatVector.fromArray(F, panel, p), c0);
      c1 = a.fma(FloatVector.fromArray(F, panel, p + L), c1);
      c2 = a.fma(FloatVector.fromArray(F, panel, p + 2 * L), c2);
    }
    c0.intoArray(out, o);
    c1.intoArray(out, o + L);
    c2.intoArray(out, o + 2 * L);
  }
}
