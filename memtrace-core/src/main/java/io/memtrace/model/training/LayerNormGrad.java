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
          // Four partial sums: one chain of double additions would wait on each add's latency.
          double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          int c = 0;
          for (; c + 4 <= d; c += 4) {
            s0 += x[o + c];
            s1 += x[o + c + 1];
            s2 += x[o + c + 2];
            s3 += x[o + c + 3];
          }
          for (; c < d; c++) s0 += x[o + c];
          float mean = (float) ((s0 + s1 + s2 + s3) / d);
          double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
          for (c = 0; c + 4 <= d; c += 4) {
            double v0 = x[o + c] - mean, v1 = x[o + c + 1] - mean;
            double v2 = x[o + c + 2] - mean, v3 = x[o + c + 3] - mean;
            q0 += v0 * v0;
            q1 += v1 * v1;
            q2 += v2 * v2;
            q3 += v3 * v3;
          }
          for (; c < d; c++) {
            double v = x[o + c] - mean;
            q0 += v * v;
          }
          double sq = q0 + q1 + q2 + q3;
          float r = (float) (1 / Math.sqrt(sq / d + eps));
          ln.rstd[i] = r;
          for (c = 0; c < d; c++) {
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
          double g0 = 0, g1 = 0, x0 = 0, x1 = 0;
          int c = 0;
          for (; c + 2 <= d; c += 2) {
            float ga = dy[o + c] * w[c];
            float gb = dy[o + c + 1] * w[c + 1];
            g0 += ga;
            g1 += gb;
            x0 += ga * xhat[o + c];
            x1 += gb * xhat[o + c + 1];
          }
          for (; c < d; c++) {
            float g = dy[o + c] * w[c];
            g0 += g;
            x0 += g * xhat[o + c];
          }
          float mg = (float) ((g0 + g1) / d);
          float mgx = (float) ((x0 + x1) / d);
          float r = rstd[i];
          for (c = 0; c < d; c++) {
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
          // Row by row over the chunk's columns (each column's sum still in row order): a walk
          // down one column at a time would fetch every line of dy and x̂ once per column.
          float[] sw = new float[c1 - c0];
          float[] sb = new float[c1 - c0];
          for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int c = c0; c < c1; c++) {
              sw[c - c0] += dy[o + c] * xhat[o + c];
              sb[c - c0] += dy[o + c];
            }
          }
          System.arraycopy(sw, 0, dw, c0, c1 - c0);
          System.arraycopy(sb, 0, db, c0, c1 - c0);
        });
  }
}
