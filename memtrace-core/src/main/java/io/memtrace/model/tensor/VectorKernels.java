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
 * Kernels on the Vector API at the machine's preferred width. The matrix product works on tiles of
 * 4 activation rows by 3 weight rows: 12 accumulators, 7 loads per 12 fused multiply-adds. Every
 * dot product, whatever tile it sits in, is the same sequence: lane-wise FMAs over whole vectors,
 * one lane reduction in a fixed order, then the scalar tail — so results depend neither on tiling
 * nor on whether the JIT has compiled the code yet.
 */
final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Short> H =
      VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
  private static final int L = F.length();
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
  private static final float SQRT_HALF = (float) Math.sqrt(0.5);
  private static final float TANH_SCALE = (float) Math.sqrt(2 / Math.PI);

  /** Shuffles that swap lanes i and i ^ d, for d = L/2, L/4, ..., 1. */
  private static final VectorShuffle<Float>[] BUTTERFLY = butterfly();

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[] butterfly() {
    int steps = Integer.numberOfTrailingZeros(L);
    VectorShuffle<Float>[] s = new VectorShuffle[steps];
    for (int i = 0; i < steps; i++) {
      int d = L >> (i + 1);
      s[i] = VectorShuffle.fromOp(F, lane -> lane ^ d);
    }
    return s;
  }

  /**
   * The sum of the lanes by a fixed butterfly of lane-wise adds. {@code reduceLanes(ADD)} may add
   * in a different order once compiled than when interpreted, which would make results depend on
   * the JIT's progress.
   */
  private static float sum(FloatVector v) {
    for (VectorShuffle<Float> s : BUTTERFLY) v = v.add(v.rearrange(s));
    return v.lane(0);
  }

  @Override
  public String name() {
    return "vector-" + F.vectorBitSize();
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
    int j = 0;
    for (; j + 3 <= m; j += 3) {
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        tile4x3(w, wOff + j * k, x, xOff + i * k, k, out, outOff + i * outStride + j, outStride);
      }
      for (; i < n; i++) {
        int o = outOff + i * outStride + j;
        int xo = xOff + i * k;
        out[o] = dot(x, xo, w, wOff + j * k, k);
        out[o + 1] = dot(x, xo, w, wOff + (j + 1) * k, k);
        out[o + 2] = dot(x, xo, w, wOff + (j + 2) * k, k);
      }
    }
    for (; j < m; j++) {
      for (int i = 0; i < n; i++)
        out[outOff + i * outStride + j] = dot(x, xOff + i * k, w, wOff + j * k, k);
    }
  }

  private static void tile4x3(
      float[] w, int w0, float[] x, int x0, int k, float[] out, int o, int stride) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    int w1 = w0 + k, w2 = w1 + k;
    int x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
    int bound = F.loopBound(k);
    for (int c = 0; c < bound; c += L) {
      FloatVector b0 = FloatVector.fromArray(F, w, w0 + c);
      FloatVector b1 = FloatVector.fromArray(F, w, w1 + c);
      FloatVector b2 = FloatVector.fromArray(F, w, w2 + c);
      FloatVector a = FloatVector.fromArray(F, x, x0 + c);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      c02 = a.fma(b2, c02);
      a = FloatVector.fromArray(F, x, x1 + c);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      c12 = a.fma(b2, c12);
      a = FloatVector.fromArray(F, x, x2 + c);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      c22 = a.fma(b2, c22);
      a = FloatVector.fromArray(F, x, x3 + c);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      c32 = a.fma(b2, c32);
    }
    int t = bound;
    out[o] = finish(c00, x, x0, w, w0, t, k);
    out[o + 1] = finish(c01, x, x0, w, w1, t, k);
    out[o + 2] = finish(c02, x, x0, w, w2, t, k);
    o += stride;
    out[o] = finish(c10, x, x1, w, w0, t, k);
    out[o + 1] = finish(c11, x, x1, w, w1, t, k);
    out[o + 2] = finish(c12, x, x1, w, w2, t, k);
    o += stride;
    out[o] = finish(c20, x, x2, w, w0, t, k);
    out[o + 1] = finish(c21, x, x2, w, w1, t, k);
    out[o + 2] = finish(c22, x, x2, w, w2, t, k);
    o += stride;
    out[o] = finish(c30, x, x3, w, w0, t, k);
    out[o + 1] = finish(c31, x, x3, w, w1, t, k);
    out[o + 2] = finish(c32, x, x3, w, w2, t, k);
  }

  /** The lane sum of {@code acc} plus the scalar tail {@code [from, k)} of the dot product. */
  private static float finish(
      FloatVector acc, float[] a, int aOff, float[] b, int bOff, int from, int k) {
    float s = sum(acc);
    for (int c = from; c < k; c++) s += a[aOff + c] * b[bOff + c];
    return s;
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    FloatVector acc = FloatVector.zero(F);
    int bound = F.loopBound(n);
    for (int c = 0; c < bound; c += L) {
      acc = FloatVector.fromArray(F, a, aOff + c).fma(FloatVector.fromArray(F, b, bOff + c), acc);
    }
    return finish(acc, a, aOff, b, bOff, bound, n);
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
