package io.memtrace.model.blocks;

import io.memtrace.model.tensor.Matrix;

/** {@code y = x Wᵀ + b}, W (out, in), b optional. */
public record Linear(Matrix weight, float[] bias) {
  public int in() {
    return weight.cols();
  }

  public int out() {
    return weight.rows();
  }

  /** Writes the n rows of y to {@code y[yOff + i * yStride ..]}. */
  public void apply(Context c, float[] x, int n, float[] y, int yOff, int yStride) {
    c.matmul().multiply(weight, x, n, y, yOff, yStride);
    if (bias != null) {
      int m = out();
      for (int i = 0; i < n; i++) {
        int o = yOff + i * yStride;
        for (int j = 0; j < m; j++) y[o + j] += bias[j];
      }
    }
  }

  /** y as a new (n, out) array. */
  public float[] apply(Context c, float[] x, int n) {
    float[] y = new float[n * out()];
    apply(c, x, n, y, 0, out());
    return y;
  }
}
