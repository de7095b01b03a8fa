package io.memtrace.model.training;

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
  private final BlockStack blocks;

  public NeoXStep(NeoXParameters params, Kernels kernels, Parallel parallel) {
    this.params = params;
    this.config = params.config();
    this.dense = new Dense(kernels, parallel, StepBuffers.recycling());
    this.blocks = new BlockStack(config, dense);
  }

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
    StepBuffers buffers = dense.buffers();
    buffers.reset();
    int[] inputs = new int[n];
    int[] targets = new int[n];
    for (int r = 0; r < b; r++) {
      for (int j = 0; j < t; j++) {
        inputs[r * t + j] = check(rows[r][j]);
        targets[r * t + j] = check(rows[r][j + 1]);
      }
    }
    float[] x = buffers.floats(n * d);
    float[] emb = params.embedding().data();
    for (int i = 0; i < n; i++) System.arraycopy(emb, inputs[i] * d, x, i * d, d);
    List<BlockStack.Saved> saved = new ArrayList<>();
    x = blocks.forward(params.layers(), x, b, t, saved);
    LayerNormGrad lnf =
        LayerNormGrad.forward(
            dense, x, n, params.finalWeight(), params.finalBias(), config.layerNormEps());
    float[] logits = dense.linear(lnf.out, n, params.head(), null); // (n, vocab)
    double loss = CrossEntropy.lossAndGradient(dense, logits, n, v, targets, backward);
    if (!backward) return loss;

    float[] dx = buffers.zeros(n * d); // the final norm adds its gradient into it
    lnf.backward(parallel, dense.linearBackward(lnf.out, n, params.head(), null, logits), dx);
    dx = blocks.backward(params.layers(), saved, dx, b, t);
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
}
