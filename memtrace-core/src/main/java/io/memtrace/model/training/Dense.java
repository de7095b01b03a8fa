package io.memtrace.model.training;

import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.Parallel;

/**
 * The dense products of a training step on F32 arrays: {@code c = a · bᵀ} with rows contiguous over
 * the reduced dimension ({@link Kernels#matmulTile}), and {@code c = a · b}, which the gradients
 * need, packing b as it is instead of transposing it ({@link Kernels#matmulTileT}). Every output is
 * one FMA chain in order, so results do not depend on the thread count.
 */
final class Dense {
  /** Floats of b decoded per task: a cache-resident group of rows (128 KiB). */
  private static final int BLOCK_FLOATS = 32 * 1024;

  private final Kernels kernels;
  private final Parallel parallel;
  private final StepBuffers buffers;

  /** Products whose outputs are new arrays. */
  Dense(Kernels kernels, Parallel parallel) {
    this(kernels, parallel, StepBuffers.fresh());
  }

  /** Products whose outputs, and the arrays of the passes using them, come from {@code buffers}. */
  Dense(Kernels kernels, Parallel parallel, StepBuffers buffers) {
    this.kernels = kernels;
    this.parallel = parallel;
    this.buffers = buffers;
  }

  Kernels kernels() {
    return kernels;
  }

  Parallel parallel() {
    return parallel;
  }

  /** Where the passes take their arrays. */
  StepBuffers buffers() {
    return buffers;
  }

  /** {@code c[i * m + j] = Σ_p a[i * k + p] · b[j * k + p]}: a (n, k), b (m, k), c (n, m). */
  void abT(float[] a, int n, float[] b, int m, int k, float[] c) {
    int rows = group(m, k);
    parallel.forEach(
        (m + rows - 1) / rows,
        t -> {
          int j0 = t * rows;
          kernels.matmulTile(b, j0 * k, Math.min(rows, m - j0), a, 0, n, k, c, j0, m);
        });
  }

  /** {@code c[i * m + j] = Σ_p a[i * k + p] · b[p * m + j]}: a (n, k), b (k, m), c (n, m). */
  void ab(float[] a, int n, float[] b, int m, int k, float[] c) {
    int cols = group(m, k);
    parallel.forEach(
        (m + cols - 1) / cols,
        t -> {
          int j0 = t * cols;
          kernels.matmulTileT(b, j0, m, Math.min(cols, m - j0), a, 0, n, k, c, j0, m);
        });
  }

  /** Outputs per task: a cache-resident group of b's vectors, a multiple of the kernels' panel. */
  private int group(int m, int k) {
    int block = kernels.rowBlock();
    int group = Math.max(block, BLOCK_FLOATS / Math.max(1, k) / block * block);
    int wanted = 4 * parallel.threads();
    if ((m + group - 1) / group < wanted) {
      group = Math.max(block, ((m + wanted - 1) / wanted + block - 1) / block * block);
    }
    return group;
  }

  /** The (cols, rows) transpose of the row-major (rows, cols) {@code src}. */
  float[] transpose(float[] src, int rows, int cols) {
    float[] dst = buffers.floats(src.length);
    int band = 256;
    int rowBands = (rows + band - 1) / band;
    int colBands = (cols + band - 1) / band;
    parallel.forEach(
        rowBands * colBands,
        t -> {
          int r0 = (t % rowBands) * band;
          int c0 = (t / rowBands) * band;
          kernels.transpose(
              src, rows, cols, r0, Math.min(rows, r0 + band), c0, Math.min(cols, c0 + band), dst);
        });
    return dst;
  }

  /** {@code y = x · Wᵀ + bias} for x (n, k), W (m, k); returns y (n, m). */
  float[] linear(float[] x, int n, Parameter w, Parameter bias) {
    int m = (int) w.shape()[0];
    int k = (int) w.shape()[1];
    float[] y = buffers.floats(n * m);
    abT(x, n, w.data(), m, k, y);
    if (bias != null) {
      float[] b = bias.data();
      parallel.forEach(
          n,
          i -> {
            for (int j = 0; j < m; j++) y[i * m + j] += b[j];
          });
    }
    return y;
  }

  /**
   * Backward of {@link #linear}: sets W's and the bias's gradients from {@code dy} (n, m) and the
   * layer's input x (n, k), and returns dx (n, k).
   */
  float[] linearBackward(float[] x, int n, Parameter w, Parameter bias, float[] dy) {
    int m = (int) w.shape()[0];
    int k = (int) w.shape()[1];
    float[] dyT = transpose(dy, n, m); // (m, n)
    ab(dyT, m, x, k, n, w.grad());
    if (bias != null) {
      float[] db = bias.grad();
      parallel.forEach(
          m,
          j -> {
            float s = 0;
            for (int i = 0; i < n; i++) s += dyT[j * n + i];
            db[j] = s;
          });
    }
    float[] dx = buffers.floats(n * k);
    ab(dy, n, w.data(), k, m, dx);
    return dx;
  }
}
