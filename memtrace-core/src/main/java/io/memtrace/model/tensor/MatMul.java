package io.memtrace.model.tensor;

/**
 * {@code out = x · Wᵀ} for activations x (n, k) and weights W (m, k), as a linear layer applies
 * them, split over the thread team by groups of weight rows. Each task decodes its rows once into a
 * per-thread buffer that stays in the L2 cache, in groups the kernels' panels divide, and
 * multiplies them with all activation rows.
 */
public final class MatMul {
  /** Floats per cache-resident group of decoded weight rows (128 KiB). */
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
    int block = kernels.rowBlock();
    int group = Math.max(block, BLOCK_FLOATS / k / block * block);
    int wanted = 4 * parallel.threads();
    if ((m + group - 1) / group < wanted) {
      group = Math.max(block, ((m + wanted - 1) / wanted + block - 1) / block * block);
    }
    int rowsPerTask = group;
    int tasks = (m + rowsPerTask - 1) / rowsPerTask;
    parallel.forEach(
        tasks,
        t -> {
          int r0 = t * rowsPerTask;
          int rows = Math.min(rowsPerTask, m - r0);
          float[] scratch = Scratch.floats(Scratch.WEIGHTS, rows * k);
          w.decodeRows(r0, rows, scratch, 0);
          kernels.matmulTile(scratch, 0, rows, x, 0, n, k, out, outOff + r0, outStride);
        });
  }
}
