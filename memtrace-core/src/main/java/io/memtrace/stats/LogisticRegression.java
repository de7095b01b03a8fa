package io.memtrace.stats;

/**
 * Binary logistic regression with an L2 penalty, fitted by full-batch gradient descent with Adam on
 * standardized features; a baseline next to the memorization predictor.
 */
public final class LogisticRegression {
  private final double[] mean;
  private final double[] scale;
  private final double[] w;
  private double bias;

  private LogisticRegression(int features) {
    mean = new double[features];
    scale = new double[features];
    w = new double[features];
  }

  /** Fits P(y = 1 | x); {@code x} rows of equal length, y in {0, 1}. */
  public static LogisticRegression fit(double[][] x, int[] y, double l2, int iterations) {
    int n = x.length;
    int f = x[0].length;
    LogisticRegression m = new LogisticRegression(f);
    for (double[] row : x) for (int j = 0; j < f; j++) m.mean[j] += row[j] / n;
    for (double[] row : x) {
      for (int j = 0; j < f; j++) m.scale[j] += (row[j] - m.mean[j]) * (row[j] - m.mean[j]) / n;
    }
    for (int j = 0; j < f; j++) m.scale[j] = m.scale[j] > 0 ? 1 / Math.sqrt(m.scale[j]) : 0;
    double[] mw = new double[f + 1];
    double[] vw = new double[f + 1];
    double[] g = new double[f + 1];
    double lr = 0.05;
    for (int it = 1; it <= iterations; it++) {
      java.util.Arrays.fill(g, 0);
      for (int i = 0; i < n; i++) {
        double err = m.probability(x[i]) - y[i];
        for (int j = 0; j < f; j++) g[j] += err * (x[i][j] - m.mean[j]) * m.scale[j] / n;
        g[f] += err / n;
      }
      for (int j = 0; j < f; j++) g[j] += l2 * m.w[j];
      for (int j = 0; j <= f; j++) {
        mw[j] = 0.9 * mw[j] + 0.1 * g[j];
        vw[j] = 0.999 * vw[j] + 0.001 * g[j] * g[j];
        double step =
            lr
                * (mw[j] / (1 - Math.pow(0.9, it)))
                / (Math.sqrt(vw[j] / (1 - Math.pow(0.999, it))) + 1e-8);
        if (j < f) m.w[j] -= step;
        else m.bias -= step;
      }
    }
    return m;
  }

  public double probability(double[] x) {
    double z = bias;
    for (int j = 0; j < w.length; j++) z += w[j] * (x[j] - mean[j]) * scale[j];
    return 1 / (1 + Math.exp(-z));
  }
}
