package io.memtrace.model.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Plain Java kernels: the fallback without the Vector API, and the reference for its tests. The
 * matrix product is the FMA chain the vector kernels compute, so both give the same bits.
 */
final class ScalarKernels implements Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private static final ValueLayout.OfShort I16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final float SQRT_HALF = (float) Math.sqrt(0.5);
  private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
  private static final float TANH_SCALE = (float) Math.sqrt(2 / Math.PI);

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int rowBlock() {
    return 1;
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
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        float s = 0;
        for (int c = 0; c < k; c++) s = Math.fma(x[xOff + i * k + c], w[wOff + j * k + c], s);
        out[outOff + i * outStride + j] = s;
      }
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
    // A contiguous copy first: reading wT down its columns in the inner loop is twice as slow.
    float[] w = new float[m * k];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < m; j++) w[j * k + c] = wT[wOff + c * ldw + j];
    }
    matmulTile(w, 0, m, x, xOff, n, k, out, outOff, outStride);
  }

  @Override
  public void pack(float[] w, int wOff, int m, int k, float[] dst, int dstOff) {
    System.arraycopy(w, wOff, dst, dstOff, m * k);
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
    matmulTile(packed, pOff, m, x, xOff, n, k, out, outOff, outStride);
  }

  @Override
  public void transpose(
      float[] src, int rows, int cols, int r0, int r1, int c0, int c1, float[] dst) {
    for (int c = c0; c < c1; c++) {
      for (int r = r0; r < r1; r++) dst[c * rows + r] = src[r * cols + c];
    }
  }

  @Override
  public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) y[yOff + i] += a * x[xOff + i];
  }

  @Override
  public void decodeBf16(MemorySegment src, long byteOff, float[] dst, int dstOff, int n) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = Float.intBitsToFloat(src.get(I16, byteOff + 2L * i) << 16);
    }
  }

  @Override
  public void decodeF16(MemorySegment src, long byteOff, float[] dst, int dstOff, int n) {
    for (int i = 0; i < n; i++)
      dst[dstOff + i] = Float.float16ToFloat(src.get(I16, byteOff + 2L * i));
  }

  @Override
  public float max(float[] x, int off, int n) {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) m = Math.max(m, x[off + i]);
    return m;
  }

  @Override
  public void expSums(float[] x, int off, int n, float shift, double[] sums) {
    double z = 0;
    double zd = 0;
    double zdd = 0;
    for (int i = 0; i < n; i++) {
      float d = x[off + i] - shift;
      double e = Math.exp(d);
      z += e;
      if (e != 0) {
        zd += e * d;
        zdd += e * d * d;
      }
    }
    sums[0] = z;
    sums[1] = zd;
    sums[2] = zdd;
  }

  @Override
  public void softmax(float[] x, int off, int n) {
    float m = max(x, off, n);
    float sum = 0;
    for (int i = 0; i < n; i++) {
      float e = (float) Math.exp(x[off + i] - m);
      x[off + i] = e;
      sum += e;
    }
    float inv = 1f / sum;
    for (int i = 0; i < n; i++) x[off + i] *= inv;
  }

  @Override
  public void gelu(float[] x, int off, int n) {
    for (int i = off; i < off + n; i++) x[i] = 0.5f * x[i] * (1f + Erf.erf(x[i] * SQRT_HALF));
  }

  @Override
  public void geluBackward(float[] u, float[] dy, int off, int n) {
    for (int i = off; i < off + n; i++) {
      float v = u[i];
      float cdf = 0.5f * (1f + Erf.erf(v * SQRT_HALF));
      dy[i] *= cdf + v * INV_SQRT_2PI * (float) Math.exp(-0.5f * v * v);
    }
  }

  @Override
  public void geluTanh(float[] x, int off, int n) {
    for (int i = off; i < off + n; i++) {
      float v = x[i];
      x[i] = 0.5f * v * (1f + (float) Math.tanh(TANH_SCALE * (v + 0.044715f * v * v * v)));
    }
  }

  @Override
  public void silu(float[] x, int off, int n) {
    for (int i = off; i < off + n; i++) x[i] = x[i] / (1f + (float) Math.exp(-x[i]));
  }
}
