package io.memtrace.model.blocks;

/**
 * {@code (x - mean) / sqrt(var + eps) * weight + bias}, biased variance; weight and bias may be
 * absent (OLMo's non-parametric norm). Statistics accumulate in double.
 */
public record LayerNorm(int dim, float[] weight, float[] bias, double eps) implements Norm {
  @Override
  public void apply(float[] x, int xOff, float[] out, int outOff) {
    double sum = 0;
    for (int i = 0; i < dim; i++) sum += x[xOff + i];
    float mean = (float) (sum / dim);
    double sq = 0;
    for (int i = 0; i < dim; i++) {
      double d = x[xOff + i] - mean;
      sq += d * d;
    }
    float inv = (float) (1 / Math.sqrt(sq / dim + eps));
    for (int i = 0; i < dim; i++) {
      float v = (x[xOff + i] - mean) * inv;
      if (weight != null) v *= weight[i];
      if (bias != null) v += bias[i];
      out[outOff + i] = v;
    }
  }
}
