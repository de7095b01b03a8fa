package io.memtrace.model.training;

import io.memtrace.model.blocks.Mlp;
import io.memtrace.model.blocks.Rotary;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.tensor.Parallel;
import java.util.List;

/**
 * The GPT-NeoX blocks of a training step, forward (keeping what the backward pass needs) and
 * backward, shared by the language model and the token classifier: causal self-attention with
 * partial rotary positions, the GELU MLP, and the parallel or sequential residual.
 */
final class BlockStack {
  private final GptNeoXConfig config;
  private final Dense dense;
  private final Rotary rotary;

  BlockStack(GptNeoXConfig config, Dense dense) {
    this.config = config;
    this.dense = dense;
    this.rotary =
        config.rotaryDims() == 0 ? null : new Rotary(config.rotaryDims(), config.rotaryBase());
  }

  /** What one block's backward pass needs. */
  record Saved(
      float[] input, // (n, dim): the block's input x
      LayerNormGrad ln1,
      AttentionGrad attention,
      float[] attended, // (n, dim): attention output before the dense projection
      float[] middle, // (n, dim): x + attn, sequential residual only
      LayerNormGrad ln2,
      float[] up, // (n, inter): before the activation
      float[] activated) {} // (n, inter)

  /** Runs {@code x} (b rows of t positions) through every layer, appending to {@code saved}. */
  float[] forward(List<NeoXParameters.Layer> layers, float[] x, int b, int t, List<Saved> saved) {
    for (NeoXParameters.Layer layer : layers) x = block(layer, x, b, t, saved);
    return x;
  }

  /** The gradient for the stack's input, given {@code dx} for its output; fills the layers'. */
  float[] backward(List<NeoXParameters.Layer> layers, List<Saved> saved, float[] dx, int b, int t) {
    for (int l = layers.size() - 1; l >= 0; l--) {
      dx = blockBackward(layers.get(l), saved.get(l), dx, b, t);
    }
    return dx;
  }

  private float[] block(NeoXParameters.Layer p, float[] x, int b, int t, List<Saved> saved) {
    int n = b * t;
    int d = config.hiddenSize();
    double eps = config.layerNormEps();
    LayerNormGrad ln1 = LayerNormGrad.forward(dense, x, n, p.ln1Weight(), p.ln1Bias(), eps);
    float[] qkv = dense.linear(ln1.out, n, p.qkvWeight(), p.qkvBias());
    StepBuffers buffers = dense.buffers();
    float[] attended = buffers.floats(n * d);
    AttentionGrad attention =
        AttentionGrad.forward(dense, qkv, b, t, config.heads(), config.headDim(), rotary, attended);
    float[] a = dense.linear(attended, n, p.denseWeight(), p.denseBias());
    float[] middle = null;
    LayerNormGrad ln2;
    if (config.parallelResidual()) {
      ln2 = LayerNormGrad.forward(dense, x, n, p.ln2Weight(), p.ln2Bias(), eps);
    } else {
      middle = buffers.floats(n * d);
      sum(middle, a, x, null);
      ln2 = LayerNormGrad.forward(dense, middle, n, p.ln2Weight(), p.ln2Bias(), eps);
    }
    float[] up = dense.linear(ln2.out, n, p.upWeight(), p.upBias());
    float[] activated = buffers.floats(up.length);
    System.arraycopy(up, 0, activated, 0, up.length);
    activate(activated);
    float[] m = dense.linear(activated, n, p.downWeight(), p.downBias());
    float[] out = buffers.floats(n * d);
    if (config.parallelResidual()) {
      sum(out, m, a, x);
    } else {
      sum(out, m, middle, null);
    }
    saved.add(new Saved(x, ln1, attention, attended, middle, ln2, up, activated));
    return out;
  }

  /** {@code out = a + b}, or {@code (a + b) + c}, element-wise, in chunks over the team. */
  private void sum(float[] out, float[] a, float[] b, float[] c) {
    int chunk = 1 << 14;
    dense
        .parallel()
        .forEach(
            (out.length + chunk - 1) / chunk,
            t -> {
              int to = Math.min(out.length, (t + 1) * chunk);
              if (c == null) {
                for (int i = t * chunk; i < to; i++) out[i] = a[i] + b[i];
              } else {
                for (int i = t * chunk; i < to; i++) out[i] = a[i] + b[i] + c[i];
              }
            });
  }

  private void activate(float[] x) {
    int chunk = 1 << 14;
    dense
        .parallel()
        .forEach(
            (x.length + chunk - 1) / chunk,
            c -> {
              int off = c * chunk;
              Mlp.activate(
                  dense.kernels(), config.activation(), x, off, Math.min(chunk, x.length - off));
            });
  }

  /** The gradient with respect to the block's input, given {@code dOut} for its output. */
  private float[] blockBackward(NeoXParameters.Layer p, Saved s, float[] dOut, int b, int t) {
    int n = b * t;
    Parallel parallel = dense.parallel();
    // MLP: out = down(act(up(ln2(·)))) + residual
    float[] dAct = dense.linearBackward(s.activated(), n, p.downWeight(), p.downBias(), dOut);
    float[] up = s.up();
    int chunk = 1 << 14;
    parallel.forEach(
        (dAct.length + chunk - 1) / chunk,
        c -> {
          int off = c * chunk;
          ActivationGrad.apply(
              dense.kernels(),
              config.activation(),
              up,
              dAct,
              off,
              Math.min(chunk, dAct.length - off));
        });
    float[] dLn2 = dense.linearBackward(s.ln2().out, n, p.upWeight(), p.upBias(), dAct);
    // dResidual: the gradient reaching the sum that feeds ln2 (x for parallel, x + attn otherwise)
    float[] dResidual = dense.buffers().floats(dOut.length);
    System.arraycopy(dOut, 0, dResidual, 0, dOut.length);
    s.ln2().backward(parallel, dLn2, dResidual);
    float[] dAttnOut = config.parallelResidual() ? dOut : dResidual;
    float[] dAttended =
        dense.linearBackward(s.attended(), n, p.denseWeight(), p.denseBias(), dAttnOut);
    float[] dQkv = s.attention().backward(dense, dAttended);
    float[] dLn1 = dense.linearBackward(s.ln1().out, n, p.qkvWeight(), p.qkvBias(), dQkv);
    float[] dx = dResidual;
    s.ln1().backward(parallel, dLn1, dx);
    return dx;
  }
}
