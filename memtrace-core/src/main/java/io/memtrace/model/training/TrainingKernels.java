package io.memtrace.model.training;

import io.memtrace.model.tensor.Kernels;
import java.lang.foreign.MemorySegment;

/**
 * The kernels a training step uses: products and sums from the given kernels, every function built
 * on exp (softmax, GELU and its derivative, SiLU) from the scalar ones. The Vector API's exp is an
 * intrinsic only once the JIT has compiled a loop, and its fallback rounds differently, so a vector
 * exp would make a step's result depend on how warm the JVM is; a run resumed in a fresh JVM must
 * reproduce an uninterrupted one bit for bit.
 */
final class TrainingKernels implements Kernels {
  private final Kernels products;
  private final Kernels exact = Kernels.scalar();

  TrainingKernels(Kernels products) {
    this.products = products;
  }

  @Override
  public String name() {
    return products.name() + "+scalar-exp";
  }

  @Override
  public int rowBlock() {
    return products.rowBlock();
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
    products.matmulTile(w, wOff, m, x, xOff, n, k, out, outOff, outStride);
  }

  @Override
  public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
    products.axpy(a, x, xOff, y, yOff, n);
  }

  @Override
  public void decodeBf16(MemorySegment src, long byteOff, float[] dst, int dstOff, int n) {
    products.decodeBf16(src, byteOff, dst, dstOff, n);
  }

  @Override
  public void decodeF16(MemorySegment src, long byteOff, float[] dst, int dstOff, int n) {
    products.decodeF16(src, byteOff, dst, dstOff, n);
  }

  @Override
  public float max(float[] x, int off, int n) {
    return products.max(x, off, n);
  }

  @Override
  public void expSums(float[] x, int off, int n, float shift, double[] sums) {
    exact.expSums(x, off, n, shift, sums);
  }

  @Override
  public void softmax(float[] x, int off, int n) {
    exact.softmax(x, off, n);
  }

  @Override
  public void gelu(float[] x, int off, int n) {
    exact.gelu(x, off, n);
  }

  @Override
  public void geluBackward(float[] u, float[] dy, int off, int n) {
    exact.geluBackward(u, dy, off, n);
  }

  @Override
  public void geluTanh(float[] x, int off, int n) {
    exact.geluTanh(x, off, n);
  }

  @Override
  public void silu(float[] x, int off, int n) {
    exact.silu(x, off, n);
  }
}
