package io.memtrace.stats;

import java.util.SplittableRandom;

/**
 * The first principal components of a few points by power iteration with deflation on their
 * covariance matrix (points are centroids: tens to hundreds of them, dimension up to a few
 * thousand).
 */
public final class Pca {
  private Pca() {}

  /** {@code points} (n, d) projected on their top {@code k} components: (n, k). */
  public static double[][] project(float[][] points, int k) {
    int n = points.length;
    int d = points[0].length;
    double[] mean = new double[d];
    for (float[] p : points) for (int i = 0; i < d; i++) mean[i] += p[i] / (double) n;
    double[][] x = new double[n][d];
    for (int r = 0; r < n; r++) for (int i = 0; i < d; i++) x[r][i] = points[r][i] - mean[i];
    double[][] out = new double[n][k];
    SplittableRandom random = new SplittableRandom(0);
    for (int c = 0; c < k; c++) {
      double[] v = new double[d];
      for (int i = 0; i < d; i++) v[i] = random.nextDouble() - 0.5;
      normalize(v);
      for (int it = 0; it < 500; it++) {
        double[] w = covTimes(x, v);
        if (normalize(w) == 0) break;
        double delta = 0;
        for (int i = 0; i < d; i++) delta = Math.max(delta, Math.abs(w[i] - v[i]));
        v = w;
        if (delta < 1e-12) break;
      }
      for (int r = 0; r < n; r++) {
        double proj = 0;
        for (int i = 0; i < d; i++) proj += x[r][i] * v[i];
        out[r][c] = proj;
        for (int i = 0; i < d; i++) x[r][i] -= proj * v[i]; // deflate
      }
    }
    return out;
  }

  /** Xᵀ X v, without forming the covariance matrix. */
  private static double[] covTimes(double[][] x, double[] v) {
    double[] w = new double[v.length];
    for (double[] row : x) {
      double dot = 0;
      for (int i = 0; i < v.length; i++) dot += row[i] * v[i];
      for (int i = 0; i < v.length; i++) w[i] += dot * row[i];
    }
    return w;
  }

  private static double normalize(double[] v) {
    double s = 0;
    for (double a : v) s += a * a;
    s = Math.sqrt(s);
    if (s == 0) return 0;
    for (int i = 0; i < v.length; i++) v[i] /= s;
    return s;
  }
}
