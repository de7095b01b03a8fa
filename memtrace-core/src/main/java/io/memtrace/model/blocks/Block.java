package io.memtrace.model.blocks;

/**
 * A pre-norm transformer block. Sequential: {@code x += attn(norm1(x)); x += mlp(norm2(x))}.
 * Parallel residual (GPT-NeoX): {@code x = mlp(norm2(x)) + attn(norm1(x)) + x}, summed in that
 * order as transformers does.
 */
public record Block(Norm norm1, Attention attention, Norm norm2, Mlp mlp, boolean parallel) {
  /** Runs layer {@code layer} (0-based) on the (n, dim) hidden states {@code x}, in place. */
  public void forward(Context c, int layer, float[] x) {
    int n = c.n();
    float[] h = new float[x.length];
    norm1.applyRows(c.parallel(), x, n, h);
    float[] a = new float[x.length];
    attention.forward(c, layer, h, a);
    if (parallel) {
      norm2.applyRows(c.parallel(), x, n, h);
      float[] m = mlp.forward(c, h);
      for (int i = 0; i < x.length; i++) x[i] = m[i] + a[i] + x[i];
    } else {
      for (int i = 0; i < x.length; i++) x[i] = a[i] + x[i];
      norm2.applyRows(c.parallel(), x, n, h);
      float[] m = mlp.forward(c, h);
      for (int i = 0; i < x.length; i++) x[i] = m[i] + x[i];
    }
  }
}
