package io.memtrace.model.blocks;

/** {@code x / sqrt(mean(x²) + eps) * weight}, as Llama's RMSNorm. */
public record RmsNorm(int dim, float[] weight, double eps) implements Norm {
  @Override
  public void apply(float[] x, int xOff, float[] out, int outOff) {
    double sq = 0;
    for (int i = 0; i < dim; i++) sq += (double) x[xOff + i] * x[xOff + i];
    float inv = (float) (1 / Math.sqrt(sq / dim + eps));
    for (int i = 0; i < dim; i++) out[outOff + i] = weight[i] * (x[xOff + i] * inv);
  }
}
