package io.memtrace.model.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API at the machine's preferred width. The matrix product packs weight rows
 * into panels of 3 vectors of outputs (k-major), broadcasts activations and accumulates along k in
 * each lane: no horizontal reductions, and every output is the plain FMA chain {@code fma(x[k-1],
 * w[k-1], ... fma(x[0], w[0], 0))} — the same bits as {@link ScalarKernels}, wherever the output
 * sits in a tile and whether or not the JIT has compiled the code yet.
 */
final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Short> H =
      VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
  private static final int L = F.length();

  /** Outputs per panel: three vectors. */
  private static final int PANEL = 3 * L;

  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
  private static final float SQRT_HALF = (float) Math.sqrt(0.5);
  private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
  private static final float TANH_SCALE = (float) Math.sqrt(2 / Math.PI);

  // Shuffles that swap lanes i and i ^ d; null where d is not below the lane count.
  private static final VectorShuffle<Float> SWAP_32 = swap(32);
  private static final VectorShuffle<Float> SWAP_16 = swap(16);
  private static final VectorShuffle<Float> SWAP_8 = swap(8);
  private static final VectorShuffle<Float> SWAP_4 = swap(4);
  private static final VectorShuffle<Float> SWAP_2 = swap(2);
  private static final VectorShuffle<Float> SWAP_1 = swap(1);

  private static VectorShuffle<Float> swap(int d) {
    return d < L ? VectorShuffle.fromOp(F, lane -> lane ^ d) : null;
  }

  /**
   * The sum of the lanes by a fixed butterfly of lane-wise adds. {@code reduceLanes(ADD)} may add
   * in a different order once compiled than when interpreted, which would make results depend on
   * the JIT's progress. Written out with constant shuffles so that C2 compiles each step to one
   * permute and one add.
   */
  private static float sum(FloatVector v) {
    if (L > 32) v = v.add(v.rearrange(SWAP_32));
    if (L > 16) v = v.add(v.rearrange(SWAP_16));
    if (L > 8) v = v.add(v.rearrange(SWAP_8));
    if (L > 4) v = v.add(v.rearrange(SWAP_4));
    if (L > 2) v = v.add(v.rearrange(SWAP_2));
    if (L > 1) v = v.add(v.rearrange(SWAP_1));
    return v.lane(0);
  }

  @Override
  public String name() {
    return "vector-" + F.vectorBitSize();
  }

  @Override
  public int rowBlock() {
    return PANEL;
  }

  @Override
  public void matmulTile(
      float[] w,
      int wOff,
      int m,
      float[] x,
      int xOff,
      int n,
      int k,
      float[] out,
      int outOff,
      int outStride) {
    float[] panel = Scratch.floats(Scratch.PANEL, k * PANEL + 4 * PANEL);
    int spill = k * PANEL;
    for (int j0 = 0; j0 < m; j0 += PANEL) {
      int width = Math.min(PANEL, m - j0);
      pack(w, wOff + j0 * k, width, k, panel);
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        int o = outOff + i * outStride + j0;
        if (width == PANEL) {
          tile4(panel, k, x, xOff + i * k, out, o, outStride);
        } else {
          tile4(panel, k, x, xOff + i * k, panel, spill, PANEL);
          for (int r = 0; r < 4; r++) {
            System.arraycopy(panel, spill + r * PANEL, out, o + r * outStride, width);
          }
        }
      }
      for (; i < n; i++) {
        int o = outOff + i * outStride + j0;
        if (width == PANEL) {
          tile1(panel, k, x, xOff + i * k, out, o);
        } else {
          tile1(panel, k, x, xOff + i * k, panel, spill);
          System.arraycopy(panel, spill, out, o, width);
        }
      }
    }
  }

  /** {@code panel[c * PANEL + j] = w[wOff + j * k + c]}, zero for {@code j >= width}. */
  private static void pack(float[] w, int wOff, int width, int k, float[] panel) {
    for (int j = 0; j < width; j++) {
      int src = wOff + j * k;
      for (int c = 0; c < k; c++) panel[c * PANEL + j] = w[src + c];
    }
    for (int j = width; j < PANEL; j++) {
      for (int c = 0; c < k; c++) panel[c * PANEL + j] = 0;
    }
  }

  /**
   * Four activation rows (at {@code x0}, stride k) against the panel's 3 vectors of outputs: 12
   * accumulators, 3 loads and 4 broadcasts per 12 FMAs; results to 4 rows of {@code out}.
   */
  private static void tile4(
      float[] panel, int k, float[] x, int x0, float[] out, int o0, int stride) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    int x1 = x0 + k;
    int x2 = x1 + k;
    int x3 = x2 + k;
    for (int c = 0; c < k; c++) {
      int p = c * PANEL;
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
    int o1 = o0 + stride;
    int o2 = o1 + stride;
    int o3 = o2 + stride;
    c00.intoArray(out, o0);
    c01.intoArray(out, o0 + L);
    c02.intoArray(out, o0 + 2 * L);
    c10.intoArray(out, o1);
    c11.intoArray(out, o1 + L);
    c12.intoArray(out, o1 + 2 * L);
    c20.intoArray(out, o2);
    c21.intoArray(out, o2 + L);
    c22.intoArray(out, o2 + 2 * L);
    c30.intoArray(out, o3);
    c31.intoArray(out, o3 + L);
    c32.intoArray(out, o3 + 2 * L);
  }

  /** One activation row: the same FMA chain per output as {@link #tile4}. */
  private static void tile1(float[] panel, int k, float[] x, int x0, float[] out, int o) {
    FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0;
    for (int c = 0; c < k; c++) {
      int p = c * PANEL;
      FloatVector a = FloatVector.broadcast(F, x[x0 + c]);
      c0 = a.fma(FloatVector.fromArray(F, panel, p), c0);
      c1 = a.fma(FloatVector.fromArray(F, panel, p + L), c1);
      c2 = a.fma(FloatVector.fromArray(F, panel, p + 2 * L), c2);
    }
    c0.intoArray(out, o);
    c1.intoArray(out, o + L);
    c2.intoArray(out, o + 2 * L);
  }

  @Override
  public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i)
          .mul(a)
          .add(FloatVector.fromArray(F, y, yOff + i))
          .intoArray(y, yOff + i);
    }
    for (; i < n; i++) y[yOff + i] += a * x[xOff + i];
  }

  @Override
  public void decodeBf16(MemorySegment src, long byteOff, float[] dst, int dstOff, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      ShortVector.fromMemorySegment(H, src, byteOff + 2L * i, LE)
          .convertShape(VectorOperators.S2I, F.withLanes(int.class), 0)
          .lanewise(VectorOperators.LSHL, 16)
          .reinterpretAsFloats()
          .intoArray(dst, dstOff + i);
    }
    for (; i < n; i++) {
      dst[dstOff + i] = Float.intBitsToFloat(src.get(I16, byteOff + 2L * i) << 16);
    }
  }

  @Override
  public void decodeF16(MemorySegment src, long byteOff, float[] dst, int dstOff, int n) {
    // A plain loop: C2 turns Float.float16ToFloat into the hardware conversion and vectorizes it.
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = Float.float16ToFloat(src.get(I16, byteOff + 2L * i));
    }
  }

  @Override
  public float max(float[] x, int off, int n) {
    FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) m = m.max(FloatVector.fromArray(F, x, off + i));
    float r = m.reduceLanes(VectorOperators.MAX);
    for (; i < n; i++) r = Math.max(r, x[off + i]);
    return r;
  }

  @Override
  public void expSums(float[] x, int off, int n, float shift, double[] sums) {
    FloatVector z = FloatVector.zero(F);
    FloatVector zd = FloatVector.zero(F);
    int bound = F.loopBound(n);
    int i = 0;
    double zTotal = 0;
    double zdTotal = 0;
    for (; i < bound; i += L) {
      FloatVector d = FloatVector.fromArray(F, x, off + i).sub(shift);
      FloatVector e = d.lanewise(VectorOperators.EXP);
      z = z.add(e);
      // exp(-inf) * -inf is NaN; a suppressed logit contributes nothing.
      zd = zd.add(e.mul(d), e.compare(VectorOperators.NE, 0f));
      if ((i & 1023) == 1024 - L) {
        zTotal += sum(z);
        zdTotal += sum(zd);
        z = FloatVector.zero(F);
        zd = FloatVector.zero(F);
      }
    }
    zTotal += sum(z);
    zdTotal += sum(zd);
    for (; i < n; i++) {
      float d = x[off + i] - shift;
      double e = Math.exp(d);
      zTotal += e;
      if (e != 0) zdTotal += e * d;
    }
    sums[0] = zTotal;
    sums[1] = zdTotal;
  }

  @Override
  public void softmax(float[] x, int off, int n) {
    float m = max(x, off, n);
    FloatVector sum = FloatVector.zero(F);
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector e = FloatVector.fromArray(F, x, off + i).sub(m).lanewise(VectorOperators.EXP);
      e.intoArray(x, off + i);
      sum = sum.add(e);
    }
    float s = sum(sum);
    for (; i < n; i++) {
      float e = (float) Math.exp(x[off + i] - m);
      x[off + i] = e;
      s += e;
    }
    float inv = 1f / s;
    i = 0;
    for (; i < bound; i += L) FloatVector.fromArray(F, x, off + i).mul(inv).intoArray(x, off + i);
    for (; i < n; i++) x[off + i] *= inv;
  }

  @Override
  public void gelu(float[] x, int off, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, off + i);
      FloatVector u = v.mul(SQRT_HALF);
      FloatVector a = u.abs();
      FloatVector t = FloatVector.broadcast(F, 1f).div(a.mul(Erf.P).add(1f));
      FloatVector poly =
          t.mul(Erf.A5).add(Erf.A4).mul(t).add(Erf.A3).mul(t).add(Erf.A2).mul(t).add(Erf.A1).mul(t);
      FloatVector erfAbs = poly.mul(a.mul(a).neg().lanewise(VectorOperators.EXP)).neg().add(1f);
      VectorMask<Float> negative = u.compare(VectorOperators.LT, 0f);
      FloatVector erf = erfAbs.blend(erfAbs.neg(), negative);
      v.mul(0.5f).mul(erf.add(1f)).intoArray(x, off + i);
    }
    for (; i < n; i++) x[off + i] = 0.5f * x[off + i] * (1f + Erf.erf(x[off + i] * SQRT_HALF));
  }

  @Override
  public void geluBackward(float[] u, float[] dy, int off, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(F, u, off + i);
      FloatVector s = v.mul(SQRT_HALF);
      FloatVector a = s.abs();
      FloatVector t = FloatVector.broadcast(F, 1f).div(a.mul(Erf.P).add(1f));
      FloatVector poly =
          t.mul(Erf.A5).add(Erf.A4).mul(t).add(Erf.A3).mul(t).add(Erf.A2).mul(t).add(Erf.A1).mul(t);
      FloatVector gauss = a.mul(a).neg().lanewise(VectorOperators.EXP); // exp(-u²/2)
      FloatVector erfAbs = poly.mul(gauss).neg().add(1f);
      FloatVector erf = erfAbs.blend(erfAbs.neg(), s.compare(VectorOperators.LT, 0f));
      FloatVector grad = erf.add(1f).mul(0.5f).add(v.mul(gauss).mul(INV_SQRT_2PI));
      FloatVector.fromArray(F, dy, off + i).mul(grad).intoArray(dy, off + i);
    }
    for (; i < n; i++) {
      float v = u[off + i];
      float cdf = 0.5f * (1f + Erf.erf(v * SQRT_HALF));
      dy[off + i] *= cdf + v * INV_SQRT_2PI * (float) Math.exp(-0.5f * v * v);
    }
  }

  @Override
  public void geluTanh(float[] x, int off, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, off + i);
      FloatVector inner = v.mul(v).mul(v).mul(0.044715f).add(v).mul(TANH_SCALE);
      v.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f)).intoArray(x, off + i);
    }
    for (; i < n; i++) {
      float v = x[off + i];
      x[off + i] = 0.5f * v * (1f + (float) Math.tanh(TANH_SCALE * (v + 0.044715f * v * v * v)));
    }
  }

  @Override
  public void silu(float[] x, int off, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, off + i);
      v.div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(x, off + i);
    }
    for (; i < n; i++) x[off + i] = x[off + i] / (1f + (float) Math.exp(-x[off + i]));
  }
}
