package io.memtrace.model.blocks;

import io.memtrace.model.config.Activation;

/** {@code down(act(gate(h)) * up(h))}: SwiGLU with SiLU, as in Llama and OLMo. */
public record GatedMlp(Linear gate, Linear up, Activation activation, Linear down) implements Mlp {
  @Override
  public float[] forward(Context c, float[] h) {
    float[] g = gate.apply(c, h, c.n());
    float[] u = up.apply(c, h, c.n());
    Mlp.activateAll(c, activation, g);
    for (int i = 0; i < g.length; i++) g[i] *= u[i];
    return down.apply(c, g, c.n());
  }
}
