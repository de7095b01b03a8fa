package io.memtrace.model.blocks;

import io.memtrace.model.config.Activation;

/** {@code down(act(up(h)))}: GPT-NeoX and GPT-2. */
public record PlainMlp(Linear up, Activation activation, Linear down) implements Mlp {
  @Override
  public float[] forward(Context c, float[] h) {
    float[] hidden = up.apply(c, h, c.n());
    Mlp.activateAll(c, activation, hidden);
    return down.apply(c, hidden, c.n());
  }
}
