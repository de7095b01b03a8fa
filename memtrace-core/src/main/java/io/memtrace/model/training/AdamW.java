package io.memtrace.model.training;

import io.memtrace.model.tensor.Parallel;
import java.util.List;

/**
 * AdamW with decoupled weight decay, as {@code torch.optim.AdamW}: per parameter, {@code p -= lr ·
 * wd · p} (decaying tensors only), then the Adam update with bias-corrected moments. The moments
 * are kept per parameter in the order of {@link NeoXParameters#all()}, and saved with checkpoints
 * so that a resumed run continues exactly.
 */
public final class AdamW {
  private final List<Parameter> params;
  private final float[][] m;
  private final float[][] v;
  private long step;

  public AdamW(List<Parameter> params) {
    this.params = List.copyOf(params);
    this.m = new float[params.size()][];
    this.v = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      m[i] = new float[params.get(i).size()];
      v[i] = new float[params.get(i).size()];
    }
  }

  /** Optimizer steps taken so far. */
  public long step() {
    return step;
  }

  float[] firstMoment(int i) {
    return m[i];
  }

  float[] secondMoment(int i) {
    return v[i];
  }

  void restore(long step) {
    this.step = step;
  }

  /**
   * Scales every gradient so that their global L2 norm is at most {@code maxNorm} (as {@code
   * torch.nn.utils.clip_grad_norm_}, coefficient {@code maxNorm / (norm + 1e-6)} capped at 1);
   * returns the norm before clipping. {@code maxNorm} 0 leaves the gradients alone.
   */
  public double clip(double maxNorm) {
    double sq = 0;
    for (Parameter p : params) {
      float[] g = p.grad();
      double s = 0;
      for (float x : g) s += (double) x * x;
      sq += s;
    }
    double norm = Math.sqrt(sq);
    if (maxNorm > 0) {
      float coef = (float) Math.min(1.0, maxNorm / (norm + 1e-6));
      if (coef < 1) {
        for (Parameter p : params) {
          float[] g = p.grad();
          for (int i = 0; i < g.length; i++) g[i] *= coef;
        }
      }
    }
    return norm;
  }

  /** One update of every parameter from its gradient. */
  public void update(
      Parallel parallel, double lr, double beta1, double beta2, double eps, double weightDecay) {
    step++;
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float decay = (float) (1 - lr * weightDecay);
    double bc1 = 1 - Math.pow(beta1, step);
    float stepSize = (float) (lr / bc1);
    float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
    float e = (float) eps;
    int chunk = 1 << 14;
    for (int pi = 0; pi < params.size(); pi++) {
      Parameter p = params.get(pi);
      float[] w = p.data();
      float[] g = p.grad();
      float[] mi = m[pi];
      float[] vi = v[pi];
      boolean decays = p.decay() && weightDecay > 0;
      parallel.forEach(
          (w.length + chunk - 1) / chunk,
          c -> {
            int end = Math.min(w.length, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++) {
              if (decays) w[i] *= decay;
              mi[i] += (g[i] - mi[i]) * (1 - b1);
              vi[i] = vi[i] * b2 + (1 - b2) * g[i] * g[i];
              float denom = (float) Math.sqrt(vi[i]) / bc2Sqrt + e;
              w[i] -= stepSize * mi[i] / denom;
            }
          });
    }
  }
}
