package io.memtrace.model.training;

import io.memtrace.model.blocks.Mlp;
import io.memtrace.model.blocks.Rotary;
import io.memtrace.model.config.GptNeoXConfig;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;

/**
 * One training step's math for GPT-NeoX: the forward pass over rows of equal length, keeping what
 * the backward pass needs, the mean next-token cross-entropy, and the backward pass into the
 * parameters' gradients. Rows of r tokens give r - 1 input positions, each predicting its next
 * token (Pythia's 2049-token rows train 2048 positions).
 */
public final class NeoXStep {
  private final NeoXParameters params;
  private final GptNeoXConfig config;
  private final Dense dense;
  private final Rotary rotary;

  public NeoXStep(NeoXParameters params, Kernels kernels, Parallel parallel) {
    this.params = params;
    this.config = params.config();
    this.dense = new Dense(kernels, parallel);
    this.rotary =
        config.rotaryDims() == 0 ? null : new Rotary(config.rotaryDims(), config.rotaryBase());
  }

  /** What one block's backward pass needs. */
  private record Saved(
      float[] input, // (n, dim): the block's input x
      LayerNormGrad ln1,
      AttentionGrad attention,
      float[] attended, // (n, dim): attention output before the dense projection
      float[] middle, // (n, dim): x + attn, sequential residual only
      LayerNormGrad ln2,
      float[] up, // (n, inter): before the activation
      float[] activated) {} // (n, inter)

  /**
   * The mean cross-entropy of predicting token {@code j + 1} from tokens {@code 0..j} of each row,
   * and, when {@code backward}, the gradients of every parameter (overwritten).
   */
  public double run(int[][] rows, boolean backward) {
    int b = rows.length;
    int t = rows[0].length - 1;
    for (int[] r : rows) {
      if (r.length != t + 1) throw new IllegalArgumentException("rows of unequal length");
    }
    if (t < 1) throw new IllegalArgumentException("rows need at least 2 tokens");
    int n = b * t;
    int d = config.hiddenSize();
    int v = config.vocabSize();
    Parallel parallel = dense.parallel();
    int[] inputs = new int[n];
    int[] targets = new int[n];
    for (int r = 0; r < b; r++) {
      for (int j = 0; j < t; j++) {
        inputs[r * t + j] = check(rows[r][j]);
        targets[r * t + j] = check(rows[r][j + 1]);
      }
    }
    float[] x = new float[n * d];
    float[] emb = params.embedding().data();
    for (int i = 0; i < n; i++) System.arraycopy(emb, inputs[i] * d, x, i * d, d);
    List<Saved> saved = new ArrayList<>();
    for (int l = 0; l < config.layers(); l++) {
      x = block(params.layer(l), x, b, t, saved);
    }
    LayerNormGrad lnf =
        LayerNormGrad.forward(
            parallel, x, n, params.finalWeight(), params.finalBias(), config.layerNormEps());
    float[] logits = dense.linear(lnf.out, n, params.head(), null); // (n, vocab)
    double loss = CrossEntropy.lossAndGradient(parallel, logits, n, v, targets, backward);
    if (!backward) return loss;

    float[] dx = new float[n * d];
    lnf.backward(parallel, dense.linearBackward(lnf.out, n, params.head(), null, logits), dx);
    for (int l = config.layers() - 1; l >= 0; l--) {
      dx = blockBackward(params.layer(l), saved.get(l), dx, b, t);
    }
    float[] dEmb = params.embedding().grad();
    java.util.Arrays.fill(dEmb, 0f);
    // Scatter-add in position order per column block: deterministic for any thread count.
    int chunk = 64;
    float[] dxFinal = dx;
    parallel.forEach(
        (d + chunk - 1) / chunk,
        c -> {
          int c0 = c * chunk;
          int c1 = Math.min(d, c0 + chunk);
          for (int i = 0; i < n; i++) {
            int e = inputs[i] * d;
            for (int k = c0; k < c1; k++) dEmb[e + k] += dxFinal[i * d + k];
          }
        });
    return loss;
  }

  private int check(int token) {
    if (token < 0 || token >= config.vocabSize()) {
      throw new IllegalArgumentException(
          "token " + token + " outside the vocabulary of " + config.vocabSize());
    }
    return token;
  }

  private float[] block(NeoXParameters.Layer p, float[] x, int b, int t, List<Saved> saved) {
    int n = b * t;
    int d = config.hiddenSize();
    Parallel parallel = dense.parallel();
    double eps = config.layerNormEps();
    LayerNormGrad ln1 = LayerNormGrad.forward(parallel, x, n, p.ln1Weight(), p.ln1Bias(), eps);
    float[] qkv = dense.linear(ln1.out, n, p.qkvWeight(), p.qkvBias());
    float[] attended = new float[n * d];
    AttentionGrad attention =
        AttentionGrad.forward(
            parallel,
            dense.kernels(),
            qkv,
            b,
            t,
            config.heads(),
            config.headDim(),
            rotary,
            attended);
    float[] a = dense.linear(attended, n, p.denseWeight(), p.denseBias());
    float[] middle = null;
    LayerNormGrad ln2;
    if (config.parallelResidual()) {
      ln2 = LayerNormGrad.forward(parallel, x, n, p.ln2Weight(), p.ln2Bias(), eps);
    } else {
      middle = new float[n * d];
      for (int i = 0; i < middle.length; i++) middle[i] = a[i] + x[i];
      ln2 = LayerNormGrad.forward(parallel, middle, n, p.ln2Weight(), p.ln2Bias(), eps);
    }
    float[] up = dense.linear(ln2.out, n, p.upWeight(), p.upBias());
    float[] activated = up.clone();
    activate(activated);
    float[] m = dense.linear(activated, n, p.downWeight(), p.downBias());
    float[] out = new float[n * d];
    if (config.parallelResidual()) {
      for (int i = 0; i < out.length; i++) out[i] = m[i] + a[i] + x[i];
    } else {
      for (int i = 0; i < out.length; i++) out[i] = m[i] + middle[i];
    }
    saved.add(new Saved(x, ln1, attention, attended, middle, ln2, up, activated));
    return out;
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
    float[] dResidual = dOut.clone();
    s.ln2().backward(parallel, dLn2, dResidual);
    float[] dAttnOut = config.parallelResidual() ? dOut : dResidual;
    float[] dAttended =
        dense.linearBackward(s.attended(), n, p.denseWeight(), p.denseBias(), dAttnOut);
    float[] dQkv = s.attention().backward(parallel, dense.kernels(), dAttended);
    float[] dLn1 = dense.linearBackward(s.ln1().out, n, p.qkvWeight(), p.qkvBias(), dQkv);
    float[] dx = dResidual;
    s.ln1().backward(parallel, dLn1, dx);
    return dx;
  }
}
