package io.memtrace.model.tensor;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * {@code out = x · Wᵀ} for activations x (n, k) and weights W (m, k), as a linear layer applies
 * them, split over the thread team by groups of weight rows. Each task decodes its rows once into a
 * per-thread buffer that stays in the L2 cache, in groups the kernels' panels divide, and
 * multiplies them with all activation rows.
 *
 * <p>With a packing budget, a weight matrix is decoded and laid out in the kernels' order once, on
 * its first product, and kept while the packed copies fit the budget: decoding a few tokens at a
 * time then costs the product alone, not a fresh layout of every weight per token. The weights must
 * not change while this object lives (a model's mapped checkpoint does not).
 */
public final class MatMul {
  /** Floats per cache-resident group of decoded weight rows (128 KiB). */
  private static final int BLOCK_FLOATS = 32 * 1024;

  /** Longest Java array of floats kept packed. */
  private static final long MAX_PACKED = Integer.MAX_VALUE - 64;

  private final Kernels kernels;
  private final Parallel parallel;
  private long packBudget;
  private final Map<Matrix, float[]> packed = new IdentityHashMap<>();
  private long packedBytes;

  /** A product that lays the weights out anew on every call. */
  public MatMul(Kernels kernels, Parallel parallel) {
    this(kernels, parallel, 0);
  }

  /**
   * @param packBudget bytes of packed float weights to keep across calls (0: none)
   */
  public MatMul(Kernels kernels, Parallel parallel, long packBudget) {
    this.kernels = kernels;
    this.parallel = parallel;
    this.packBudget = packBudget;
  }

  /** Keeps up to {@code bytes} of packed weights from now on (0: stop packing new ones). */
  public synchronized void keepPacked(long bytes) {
    this.packBudget = bytes;
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
    int rowsPerTask = rowsPerTask(m, k);
    int tasks = (m + rowsPerTask - 1) / rowsPerTask;
    float[] panels = packed(w);
    parallel.forEach(
        tasks,
        t -> {
          int r0 = t * rowsPerTask;
          int rows = Math.min(rowsPerTask, m - r0);
          if (panels != null) {
            kernels.matmulPacked(panels, r0 * k, rows, x, 0, n, k, out, outOff + r0, outStride);
          } else {
            float[] scratch = Scratch.floats(Scratch.WEIGHTS, rows * k);
            w.decodeRows(r0, rows, scratch, 0);
            kernels.matmulTile(scratch, 0, rows, x, 0, n, k, out, outOff + r0, outStride);
          }
        });
  }

  /** Weight rows per task: a cache-resident group, a multiple of the kernels' panel. */
  private int rowsPerTask(int m, int k) {
    int block = kernels.rowBlock();
    int group = Math.max(block, BLOCK_FLOATS / k / block * block);
    int wanted = 4 * parallel.threads();
    if ((m + group - 1) / group < wanted) {
      group = Math.max(block, ((m + wanted - 1) / wanted + block - 1) / block * block);
    }
    return group;
  }

  /** {@code w} packed whole, packing it now if it fits the budget; null when it does not. */
  private synchronized float[] packed(Matrix w) {
    if (packed.containsKey(w)) return packed.get(w);
    int k = w.cols();
    int m = w.rows();
    long length = kernels.packedLength(m, k);
    float[] panels = null;
    if (length <= MAX_PACKED && packedBytes + length * Float.BYTES <= packBudget) {
      float[] into = new float[(int) length];
      int rowsPerTask = rowsPerTask(m, k);
      parallel.forEach(
          (m + rowsPerTask - 1) / rowsPerTask,
          t -> {
            int r0 = t * rowsPerTask;
            int rows = Math.min(rowsPerTask, m - r0);
            float[] scratch = Scratch.floats(Scratch.WEIGHTS, rows * k);
            w.decodeRows(r0, rows, scratch, 0);
            kernels.pack(scratch, 0, rows, k, into, r0 * k);
          });
      panels = into;
      packedBytes += length * Float.BYTES;
    }
    packed.put(w, panels);
    return panels;
  }
}
