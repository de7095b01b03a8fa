package io.memtrace.model.tensor;

/**
 * {@code out = x · Wᵀ} for activations x (n, k) and weights W (m, k), as a linear layer applies
 * them, split over the thread team by groups of weight rows. Each task decodes its rows once into a
 * per-thread buffer that stays in the L2 cache and multiplies them with blocks of activation rows
 * that fit there too.
 */
public final class MatMul {
  /** Floats per cache-resident block of weight rows or of activation rows (128 KiB). */
  private static final int BLOCK_FLOATS = 32 * 1024;

  private final Kernels kernels;
  private final Parallel parallel;

  public MatMul(Kernels kernels, Parallel parallel) {
    this.kernels = kernels;
    this.parallel = parallel;
  }

  public Kernels kernels() {
    return kernels;
  }

  public Parallel parallel() {
    return parallel;
  }

  /**
   * {@code out[outOff + i * outStride + j] = Σ_c x[i * k + c] · w[j, c]} for {@code i < n}, {@code
   * j < w.rows()}, with {@code k = w.cols()}.
   */
  public void multiply(Matrix w, float[] x, int n, float[] out, int outOff, int outStride) {
    int k = w.cols();
    int m = w.rows();
    if (x.length < (long) n * k) {
      throw new IllegalArgumentException(w + ": " + x.length + " activations for " + n + " rows");
    }
    int group = Math.max(3, BLOCK_FLOATS / k / 3 * 3);
    int wanted = 4 * parallel.threads();
    if ((m + group - 1) / group < wanted)
      group = Math.max(3, ((m + wanted - 1) / wanted + 2) / 3 * 3);
    int rowsPerTask = group;
    int xBlock = Math.max(4, BLOCK_FLOATS / k / 4 * 4);
    int tasks = (m + rowsPerTask - 1) / rowsPerTask;
    parallel.forEach(
        tasks,
        t -> {
          int r0 = t * rowsPerTask;
          int rows = Math.min(rowsPerTask, m - r0);
          float[] scratch = Scratch.floats(Scratch.WEIGHTS, rows * k);
          w.decodeRows(r0, rows, scratch, 0);
          for (int i0 = 0; i0 < n; i0 += xBlock) {
            int ni = Math.min(xBlock, n - i0);
            kernels.matmulTile(
                scratch, 0, rows, x, i0 * k, ni, k, out, outOff + i0 * outStride + r0, outStride);
          }
        });
  }
}
