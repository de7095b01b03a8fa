package io.memtrace.model.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API at the machine's preferred width. The matrix product packs weight rows
 * into panels of a few vectors of outputs (k-major; {@link PanelTiles} sizes them for the machine's
 * registers), broadcasts activations and accumulates along k in each lane: no horizontal
 * reductions, and every output is the plain FMA chain {@code fma(x[k-1], w[k-1], ... fma(x[0],
 * w[0], 0))} — the same bits as {@link ScalarKernels}, wherever the output sits in a tile and
 * whether or not the JIT has compiled the code yet.
 */
final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Short> H =
      VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
  private static final int L = F.length();

  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
  private static final float SQRT_HALF = (float) Math.sqrt(0.5);
  private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
  private static final float TANH_SCALE = (float) Math.sqrt(2 / Math.PI);
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  // Adding and subtracting 1.5 * 2^23 rounds a float below 2^22 in magnitude to an integer.
  private static final float ROUND = 12582912f;
  private static final float EXP_HI = 88.0f;
  private static final float EXP_LO = -87f;

  /** Elements whose exponentials {@link #expSums} adds in float before adding them in double. */
  private static final int EXP_CHUNK = 1024;

  private final PanelTiles tiles;

  /** Outputs per panel of the matrix product. */
  private final int panelWidth;

  /** The kernels with the matrix product's tiles sized for this machine's registers. */
  VectorKernels() {
    this(PanelTiles.forMachine());
  }

  VectorKernels(PanelTiles tiles) {
    this.tiles = tiles;
    this.panelWidth = tiles.width();
  }

  @Override
  public String name() {
    return "vector-" + F.vectorBitSize();
  }

  @Override
  public int rowBlock() {
    return panelWidth;
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
    int b = panelWidth;
    float[] panel = Scratch.floats(Scratch.PANEL, k * b);
    for (int j0 = 0; j0 < m; j0 += b) {
      int width = Math.min(b, m - j0);
      packPanel(w, wOff + j0 * k, width, b, k, panel, 0);
      tiles.product(panel, 0, width, x, xOff, n, k, out, outOff + j0, outStride);
    }
  }

  @Override
  public void matmulTileT(
      float[] wT,
      int wOff,
      int ldw,
      int m,
      float[] x,
      int xOff,
      int n,
      int k,
      float[] out,
      int outOff,
      int outStride) {
    int b = panelWidth;
    float[] panel = Scratch.floats(Scratch.PANEL, k * b);
    for (int j0 = 0; j0 < m; j0 += b) {
      int width = Math.min(b, m - j0);
      for (int c = 0; c < k; c++) {
        int d = c * b;
        System.arraycopy(wT, wOff + c * ldw + j0, panel, d, width);
        if (width < b) Arrays.fill(panel, d + width, d + b, 0f);
      }
      tiles.product(panel, 0, width, x, xOff, n, k, out, outOff + j0, outStride);
    }
  }

  @Override
  public void pack(float[] w, int wOff, int m, int k, float[] dst, int dstOff) {
    int b = panelWidth;
    for (int j0 = 0; j0 < m; j0 += b) {
      packPanel(w, wOff + j0 * k, Math.min(b, m - j0), b, k, dst, dstOff + j0 * k);
    }
  }

  @Override
  public void matmulPacked(
      float[] packed,
      int pOff,
      int m,
      float[] x,
      int xOff,
      int n,
      int k,
      float[] out,
      int outOff,
      int outStride) {
    int b = panelWidth;
    for (int j0 = 0; j0 < m; j0 += b) {
      int width = Math.min(b, m - j0);
      tiles.product(packed, pOff + j0 * k, width, x, xOff, n, k, out, outOff + j0, outStride);
    }
  }

  /**
   * {@code dst[dstOff + c * b + j] = w[wOff + j * k + c]}, zero for {@code width <= j < b}: the
   * panel's rows written component-major.
   */
  private static void packPanel(
      float[] w, int wOff, int width, int b, int k, float[] dst, int dstOff) {
    columns(w, wOff, k, width, 0, k, dst, dstOff, b);
    if (width < b) {
      for (int c = 0; c < k; c++)
        Arrays.fill(dst, dstOff + c * b + width, dstOff + (c + 1) * b, 0f);
    }
  }

  @Override
  public void transpose(
      float[] src, int rows, int cols, int r0, int r1, int c0, int c1, float[] dst) {
    columns(src, r0 * cols, cols, r1 - r0, c0, c1, dst, r0, rows);
  }

  /**
   * {@code dst[dstOff + c * dstStride + i] = src[srcOff + i * srcStride + c]} for {@code i <
   * count}, {@code c0 <= c < c1}: columns of {@code count} rows written as rows. A column of L rows
   * is one gather, stored whole: the L source lines stay in the L1 cache while c moves along them,
   * where a scalar walk down a column of a power-of-two stride thrashes one cache set.
   */
  private static void columns(
      float[] src,
      int srcOff,
      int srcStride,
      int count,
      int c0,
      int c1,
      float[] dst,
      int dstOff,
      int dstStride) {
    int[] down = new int[L];
    for (int i = 0; i < L; i++) down[i] = i * srcStride;
    int i = 0;
    for (; i + L <= count; i += L) {
      int s = srcOff + i * srcStride;
      for (int c = c0; c < c1; c++) {
        FloatVector.fromArray(F, src, s + c, down, 0).intoArray(dst, dstOff + c * dstStride + i);
      }
    }
    for (; i < count; i++) {
      for (int c = c0; c < c1; c++)
        dst[dstOff + c * dstStride + i] = src[srcOff + i * srcStride + c];
    }
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
    // Compare and blend rather than max(), whose -0 rule costs more instructions a step; a NaN
    // is taken and then kept (nothing compares greater), as Math.max does. The lanes are read back
    // from an array (the maximum does not depend on order).
    FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, off + i);
      m = m.blend(v, v.compare(VectorOperators.GT, m).or(v.compare(VectorOperators.NE, v)));
    }
    float[] lanes = new float[L];
    m.intoArray(lanes, 0);
    float r = Float.NEGATIVE_INFINITY;
    for (float lane : lanes) r = Math.max(r, lane);
    for (; i < n; i++) r = Math.max(r, x[off + i]);
    return r;
  }

  @Override
  public void expSums(float[] x, int off, int n, float shift, double[] sums) {
    // Float lanes summed over a chunk, chunks summed in double; each chunk's lanes are added in
    // lane order from an array, as in softmax.
    float[] lanes = new float[3 * L];
    double zTotal = 0;
    double zdTotal = 0;
    double zddTotal = 0;
    for (int c0 = 0; c0 < n; c0 += EXP_CHUNK) {
      int c1 = Math.min(n, c0 + EXP_CHUNK);
      int bound = c0 + F.loopBound(c1 - c0);
      FloatVector z = FloatVector.zero(F);
      FloatVector zd = FloatVector.zero(F);
      FloatVector zdd = FloatVector.zero(F);
      int i = c0;
      for (; i < bound; i += L) {
        FloatVector d = FloatVector.fromArray(F, x, off + i).sub(shift);
        FloatVector e = exp(d);
        z = z.add(e);
        // exp is 0 below EXP_LO; clamping d there keeps exp(-inf) * -inf (NaN) out of the sum.
        FloatVector clamped = d.blend(EXP_LO, d.compare(VectorOperators.LT, EXP_LO));
        zd = e.fma(clamped, zd);
        zdd = e.mul(clamped).fma(clamped, zdd);
      }
      if (i < c1) {
        VectorMask<Float> in = F.indexInRange(i - c0, c1 - c0);
        FloatVector d = FloatVector.fromArray(F, x, off + i, in).sub(shift);
        FloatVector e = exp(d).blend(0f, in.not());
        z = z.add(e);
        FloatVector clamped = d.blend(EXP_LO, d.compare(VectorOperators.LT, EXP_LO));
        zd = e.fma(clamped, zd);
        zdd = e.mul(clamped).fma(clamped, zdd);
      }
      z.intoArray(lanes, 0);
      zd.intoArray(lanes, L);
      zdd.intoArray(lanes, 2 * L);
      for (int j = 0; j < L; j++) {
        zTotal += lanes[j];
        zdTotal += lanes[L + j];
        zddTotal += lanes[2 * L + j];
      }
    }
    sums[0] = zTotal;
    sums[1] = zdTotal;
    sums[2] = zddTotal;
  }

  @Override
  public void softmax(float[] x, int off, int n) {
    float m = max(x, off, n);
    FloatVector sum = FloatVector.zero(F);
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector e = exp(FloatVector.fromArray(F, x, off + i).sub(m));
      e.intoArray(x, off + i);
      sum = sum.add(e);
    }
    if (i < n) {
      VectorMask<Float> in = F.indexInRange(i, n);
      FloatVector e = exp(FloatVector.fromArray(F, x, off + i, in).sub(m)).blend(0f, in.not());
      e.intoArray(x, off + i, in);
      sum = sum.add(e);
    }
    // The lanes added in lane order from an array, the same whether or not the JIT has compiled
    // this yet (reduceLanes may add in another order once compiled); a helper taking the vector
    // would not always inline, and the loop's vectors would then be boxed.
    float[] lanes = new float[L];
    sum.intoArray(lanes, 0);
    float total = 0;
    for (float lane : lanes) total += lane;
    float inv = 1f / total;
    for (i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, off + i).mul(inv).intoArray(x, off + i);
    }
    if (i < n) {
      VectorMask<Float> in = F.indexInRange(i, n);
      FloatVector.fromArray(F, x, off + i, in).mul(inv).intoArray(x, off + i, in);
    }
  }

  // Element-wise functions: whole vectors, then the tail under a mask, through the same lane-wise
  // code, so an element's result does not depend on where it sits. The loops are spelled out: a
  // shared loop over a function object would not inline, and vectors would be boxed.

  @Override
  public void gelu(float[] x, int off, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) gelu(FloatVector.fromArray(F, x, off + i)).intoArray(x, off + i);
    if (i < n) {
      VectorMask<Float> in = F.indexInRange(i, n);
      gelu(FloatVector.fromArray(F, x, off + i, in)).intoArray(x, off + i, in);
    }
  }

  @Override
  public void geluTanh(float[] x, int off, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) geluTanh(FloatVector.fromArray(F, x, off + i)).intoArray(x, off + i);
    if (i < n) {
      VectorMask<Float> in = F.indexInRange(i, n);
      geluTanh(FloatVector.fromArray(F, x, off + i, in)).intoArray(x, off + i, in);
    }
  }

  @Override
  public void silu(float[] x, int off, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) silu(FloatVector.fromArray(F, x, off + i)).intoArray(x, off + i);
    if (i < n) {
      VectorMask<Float> in = F.indexInRange(i, n);
      silu(FloatVector.fromArray(F, x, off + i, in)).intoArray(x, off + i, in);
    }
  }

  @Override
  public void geluBackward(float[] u, float[] dy, int off, int n) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector grad = geluDerivative(FloatVector.fromArray(F, u, off + i));
      FloatVector.fromArray(F, dy, off + i).mul(grad).intoArray(dy, off + i);
    }
    if (i < n) {
      VectorMask<Float> in = F.indexInRange(i, n);
      FloatVector grad = geluDerivative(FloatVector.fromArray(F, u, off + i, in));
      FloatVector.fromArray(F, dy, off + i, in).mul(grad).intoArray(dy, off + i, in);
    }
  }

  /** erf(|u|) by Abramowitz and Stegun 7.1.26 (see {@link Erf}), given exp(-u²). */
  private static FloatVector erfAbs(FloatVector a, FloatVector gauss) {
    FloatVector t = FloatVector.broadcast(F, 1f).div(a.mul(Erf.P).add(1f));
    FloatVector poly =
        t.mul(Erf.A5).add(Erf.A4).mul(t).add(Erf.A3).mul(t).add(Erf.A2).mul(t).add(Erf.A1).mul(t);
    return poly.mul(gauss).neg().add(1f);
  }

  private static FloatVector gelu(FloatVector v) {
    FloatVector u = v.mul(SQRT_HALF);
    FloatVector a = u.abs();
    FloatVector erfAbs = erfAbs(a, exp(a.mul(a).neg()));
    FloatVector erf = erfAbs.blend(erfAbs.neg(), u.compare(VectorOperators.LT, 0f));
    return v.mul(0.5f).mul(erf.add(1f));
  }

  /** d gelu(v) / dv = Φ(v) + v φ(v). */
  private static FloatVector geluDerivative(FloatVector v) {
    FloatVector s = v.mul(SQRT_HALF);
    FloatVector a = s.abs();
    FloatVector gauss = exp(a.mul(a).neg()); // exp(-v²/2)
    FloatVector erfAbs = erfAbs(a, gauss);
    FloatVector erf = erfAbs.blend(erfAbs.neg(), s.compare(VectorOperators.LT, 0f));
    return erf.add(1f).mul(0.5f).add(v.mul(gauss).mul(INV_SQRT_2PI));
  }

  private static FloatVector silu(FloatVector v) {
    return v.div(exp(v.neg()).add(1f));
  }

  private static FloatVector geluTanh(FloatVector v) {
    FloatVector inner = v.mul(v).mul(v).mul(0.044715f).add(v).mul(TANH_SCALE);
    // 1 + tanh(y) = 2 - 2 / (exp(2y) + 1); exp overflowing to infinity gives 2 exactly.
    FloatVector two = FloatVector.broadcast(F, 2f);
    return v.mul(0.5f).mul(two.sub(two.div(exp(inner.mul(2f)).add(1f))));
  }

  // Cephes expf: x = k ln2 + r with |r| <= ln2/2 (ln2 split in two for exactness), a degree-6
  // polynomial for exp(r), and 2^k assembled in the exponent bits. Built from adds, multiplies and
  // FMAs only, it gives the same bits interpreted or compiled, unlike the EXP intrinsic, whose
  // fallback rounds differently: a training run resumed in a fresh JVM must reproduce the same
  // bits.
  // It returns 0 below -87 (no subnormals) and +infinity above 88.
  private static FloatVector exp(FloatVector x) {
    // Clamping by compare and blend, not min/max, whose NaN and -0 rules cost three more
    // instructions each; the same masks then saturate the result.
    VectorMask<Float> over = x.compare(VectorOperators.GT, EXP_HI);
    VectorMask<Float> under = x.compare(VectorOperators.LT, EXP_LO);
    FloatVector c = x.blend(EXP_HI, over).blend(EXP_LO, under);
    // k + 1.5 * 2^23 holds the integer k in its low mantissa bits, which become 2^k's exponent
    // without a float-to-int conversion.
    FloatVector kr = c.fma(FloatVector.broadcast(F, LOG2E), FloatVector.broadcast(F, ROUND));
    FloatVector k = kr.sub(ROUND);
    FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HI), c).add(k.mul(-LN2_LO));
    FloatVector p = FloatVector.broadcast(F, 1.9875691500e-4f);
    p = p.fma(r, FloatVector.broadcast(F, 1.3981999507e-3f));
    p = p.fma(r, FloatVector.broadcast(F, 8.3334519073e-3f));
    p = p.fma(r, FloatVector.broadcast(F, 4.1665795894e-2f));
    p = p.fma(r, FloatVector.broadcast(F, 1.6666665459e-1f));
    p = p.fma(r, FloatVector.broadcast(F, 5.0000001201e-1f));
    FloatVector y = p.fma(r.mul(r), r).add(1f);
    IntVector bits =
        ((IntVector) kr.reinterpretAsInts())
            .add(127 - Float.floatToRawIntBits(ROUND))
            .lanewise(VectorOperators.LSHL, 23);
    FloatVector e = y.mul(bits.reinterpretAsFloats());
    return e.blend(Float.POSITIVE_INFINITY, over).blend(0f, under);
  }
}
