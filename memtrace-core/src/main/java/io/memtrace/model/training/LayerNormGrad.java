package io.memtrace.model.training;

import io.memtrace.model.tensor.Parallel;

/**
 * LayerNorm over rows of width d with its backward pass: {@code y = x̂ · w + b}, {@code x̂ = (x -
 * mean) · rstd}, {@code rstd = 1 / sqrt(var + eps)} with the biased variance. The forward keeps x̂
 * and rstd for the backward. Statistics accumulate in double, as the inference engine's norm.
 */
final class LayerNormGrad {
  final float[] xhat; // (n, d)
  final float[] rstd; // (n)
  final float[] out; // (n, d)
  private final int n;
  private final int d;
  private final Parameter weight;
  private final Parameter bias;

  private LayerNormGrad(int n, int d, Parameter weight, Parameter bias, StepBuffers buffers) {
    this.n = n;
    this.d = d;
    this.weight = weight;
    this.bias = bias;
    this.xhat = buffers.floats(n * d);
    this.rstd = buffers.floats(n);
    this.out = buffers.floats(n * d);
  }

  /** The norm of {@code x} (n, d), its arrays from {@code dense}'s buffers. */
  static LayerNormGrad forward(
      Dense dense, float[] x, int n, Parameter weight, Parameter bias, double eps) {
    int d = weight.size();
    Parallel parallel = dense.parallel();
    LayerNormGrad ln = new LayerNormGrad(n, d, weight, bias, dense.buffers());
    float[] w = weight.data();
    float[] b = bias.data();
    parallel.forEach(
        n,
        i -> {
          int o = i * d;
          double sum = 0;
          for (int c = 0; c < d; c++) sum += x[o + c];
          float mean = (float) (sum / d);
          double sq = 0;
          for (int c = 0; c < d; c++) {
            double v = x[o + c] - mean;
            sq += v * v;
          }
          float r = (float) (1 / Math.sqrt(sq / d + eps));
          ln.rstd[i] = r;
          for (int c = 0; c < d; c++) {
            float h = (x[o + c] - mean) * r;
            ln.xhat[o + c] = h;
            ln.out[o + c] = h * w[c] + b[c];
          }
        });
    return ln;
  }

  /**
   * Adds the input gradient for {@code dy} (n, d) to {@code dx} and sets the weight's and bias's
   * gradients: {@code dx = rstd · (g - mean(g) - x̂ · mean(g · x̂))} with {@code g = dy · w}.
   */
  void backward(Parallel parallel, float[] dy, float[] dx) {
    float[] w = weight.data();
    parallel.forEach(
        n,
        i -> {
          int o = i * d;
          double sg = 0;
          double sgx = 0;
          for (int c = 0; c < d; c++) {
            float g = dy[o + c] * w[c];
            sg += g;
            sgx += g * xhat[o + c];
          }
          float mg = (float) (sg / d);
          float mgx = (float) (sgx / d);
          float r = rstd[i];
          for (int c = 0; c < d; c++) {
            float g = dy[o + c] * w[c];
            dx[o + c] += r * (g - mg - xhat[o + c] * mgx);
          }
        });
    float[] dw = weight.grad();
    float[] db = bias.grad();
    int chunk = 16;
    parallel.forEach(
        (d + chunk - 1) / chunk,
        t -> {
          int c0 = t * chunk;
          int c1 = Math.min(d, c0 + chunk);
          for (int c = c0; c < c1; c++) {
            float sw = 0;
            float sb = 0;
            for (int i = 0; i < n; i++) {
              sw += dy[i * d + c] * xhat[i * d + c];
              sb += dy[i * d + c];
            }
            dw[c] = sw;
            db[c] = sb;
          }
        });
  }
}
