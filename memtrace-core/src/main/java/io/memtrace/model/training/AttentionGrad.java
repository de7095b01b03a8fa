package io.memtrace.model.training;

import io.memtrace.model.blocks.Rotary;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.Parallel;

/**
 * Multi-head self-attention over rows of equal length t, each row attending only to its own
 * positions, with its backward pass: causal (GPT-NeoX) or bidirectional (an encoder), with or
 * without rotary positions, optionally with dropout on the attention probabilities. {@code qkv} (n,
 * 3 · dim) holds per head [q k v] (transformers' interleaved layout); the forward rotates q and k
 * in place and keeps the attention probabilities of each (row, head), (t, t).
 */
final class AttentionGrad {
  private final int rows;
  private final int t;
  private final int heads;
  private final int hd;
  private final Rotary rotary;
  private final boolean causal;
  private final Dropout dropout;
  private final float scale;
  final float[] qkv; // (n, 3 · dim), q and k rotated
  final float[] probs; // (rows, heads, t, t), upper triangle zero when causal

  private AttentionGrad(
      int rows,
      int t,
      int heads,
      int hd,
      Rotary rotary,
      boolean causal,
      Dropout dropout,
      float[] qkv,
      StepBuffers buffers) {
    this.rows = rows;
    this.t = t;
    this.heads = heads;
    this.hd = hd;
    this.rotary = rotary;
    this.causal = causal;
    this.dropout = dropout;
    this.scale = (float) (1 / Math.sqrt(hd));
    this.qkv = qkv;
    this.probs = buffers.floats(rows * heads * t * t);
  }

  /** Causal attention: rotates {@code qkv} in place, the output (n, dim) in {@code out}. */
  static AttentionGrad forward(
      Dense dense, float[] qkv, int rows, int t, int heads, int hd, Rotary rotary, float[] out) {
    return forward(dense, qkv, rows, t, heads, hd, rotary, true, null, out);
  }

  /**
   * Attention with the output (n, dim) in {@code out}: position i of a row attends to positions
   * 0..i of the same row when {@code causal}, to all t of them otherwise; {@code dropout}, when not
   * null, holds a mask over the probabilities (rows · heads · t · t), applied after the softmax.
   */
  static AttentionGrad forward(
      Dense dense,
      float[] qkv,
      int rows,
      int t,
      int heads,
      int hd,
      Rotary rotary,
      boolean causal,
      Dropout dropout,
      float[] out) {
    if (dropout != null && dropout.size() != rows * heads * t * t) {
      throw new IllegalArgumentException(
          "dropout mask of " + dropout.size() + " for " + rows * heads * t * t + " probabilities");
    }
    Parallel parallel = dense.parallel();
    Kernels kernels = dense.kernels();
    AttentionGrad a =
        new AttentionGrad(rows, t, heads, hd, rotary, causal, dropout, qkv, dense.buffers());
    int width = 3 * heads * hd;
    if (rotary != null) {
      rotary.prepare(t);
      parallel.forEach(
          rows * t,
          i -> {
            for (int h = 0; h < heads; h++) {
              rotary.apply(qkv, i * width + h * 3 * hd, i % t);
              rotary.apply(qkv, i * width + h * 3 * hd + hd, i % t);
            }
          });
    }
    parallel.forEach(rows * heads, task -> a.attend(kernels, task, out));
    return a;
  }

  private void attend(Kernels kernels, int task, float[] out) {
    int row = task / heads;
    int head = task % heads;
    int dim = heads * hd;
    float[] q = gather(row, head * 3 * hd, Slot.Q);
    float[] k = gather(row, head * 3 * hd + hd, Slot.K);
    int p0 = task * t * t;
    kernels.matmulTile(k, 0, t, q, 0, t, hd, probs, p0, t); // scores (t, t)
    for (int i = 0; i < t; i++) {
      int s = p0 + i * t;
      int end = causal ? i + 1 : t;
      for (int j = 0; j < end; j++) probs[s + j] *= scale;
      kernels.softmax(probs, s, end);
      for (int j = end; j < t; j++) probs[s + j] = 0;
    }
    float[] weights = probs;
    int w0 = p0;
    if (dropout != null) {
      weights = scratch(Slot.P, t * t);
      w0 = 0;
      for (int at = 0; at < t * t; at++) weights[at] = dropout.apply(probs[p0 + at], p0 + at);
    }
    // (t, hd) = P (t, t) · V (t, hd), V's rows read as the transposed weights of the product.
    float[] v = gather(row, head * 3 * hd + 2 * hd, Slot.V);
    float[] o = scratch(Slot.O, t * hd);
    kernels.matmulTileT(v, 0, hd, hd, weights, w0, t, t, o, 0, hd);
    for (int i = 0; i < t; i++) {
      System.arraycopy(o, i * hd, out, (row * t + i) * dim + head * hd, hd);
    }
  }

  /** The per-task arrays of a (row, head): q, k, v, an output, probabilities, gradients. */
  private enum Slot {
    Q,
    K,
    V,
    O,
    P,
    DV,
    DS,
    DQ,
    DK
  }

  /**
   * Each thread's arrays for its (row, head) tasks, kept across tasks and steps: allocated afresh,
   * a step's tasks would churn through hundreds of megabytes, and the collections and heap growth
   * that follow cost more than the attention itself.
   */
  private static final ThreadLocal<float[][]> TASK_ARRAYS =
      ThreadLocal.withInitial(() -> new float[Slot.values().length][0]);

  /** This thread's array for {@code slot}, at least {@code length} long; contents undefined. */
  private static float[] scratch(Slot slot, int length) {
    float[][] mine = TASK_ARRAYS.get();
    if (mine[slot.ordinal()].length < length) mine[slot.ordinal()] = new float[length];
    return mine[slot.ordinal()];
  }

  /** One head's q, k or v of a row as a contiguous (t, hd) array, in this thread's {@code slot}. */
  private float[] gather(int row, int offset, Slot slot) {
    int width = 3 * heads * hd;
    float[] g = scratch(slot, t * hd);
    for (int i = 0; i < t; i++)
      System.arraycopy(qkv, (row * t + i) * width + offset, g, i * hd, hd);
    return g;
  }

  /**
   * The gradient with respect to the un-rotated qkv projection, (n, 3 · dim), for {@code dOut}, the
   * gradient of the attention output (n, dim). Per (row, head), with P the probabilities and M the
   * dropout mask (all ones without dropout): dV = (M ⊙ P)ᵀ dO, dP = M ⊙ (dO Vᵀ), dS = P ⊙ (dP -
   * rowsum(P ⊙ dP)) · scale, dQ = dS K, dK = dSᵀ Q; each product runs through the matrix kernels on
   * contiguous copies.
   */
  float[] backward(Dense dense, float[] dOut) {
    Parallel parallel = dense.parallel();
    Kernels kernels = dense.kernels();
    int width = 3 * heads * hd;
    int dim = heads * hd;
    float[] dqkv = dense.buffers().floats(rows * t * width);
    parallel.forEach(
        rows * heads,
        task -> {
          int row = task / heads;
          int head = task % heads;
          int qo = head * 3 * hd;
          int p0 = task * t * t;
          float[] q = gather(row, qo, Slot.Q);
          float[] k = gather(row, qo + hd, Slot.K);
          float[] v = gather(row, qo + 2 * hd, Slot.V);
          float[] dO = scratch(Slot.O, t * hd);
          for (int i = 0; i < t; i++) {
            System.arraycopy(dOut, (row * t + i) * dim + head * hd, dO, i * hd, hd);
          }
          float[] pT = scratch(Slot.P, t * t);
          java.util.Arrays.fill(pT, 0f); // only the lower triangle is written when causal
          for (int i = 0; i < t; i++) {
            int end = causal ? i + 1 : t;
            for (int j = 0; j < end; j++) {
              int at = p0 + i * t + j;
              pT[j * t + i] = dropout == null ? probs[at] : dropout.apply(probs[at], at);
            }
          }
          float[] dV = scratch(Slot.DV, t * hd);
          kernels.matmulTileT(dO, 0, hd, hd, pT, 0, t, t, dV, 0, hd);
          float[] dS = scratch(Slot.DS, t * t);
          kernels.matmulTile(v, 0, t, dO, 0, t, hd, dS, 0, t); // dP before the mask
          for (int i = 0; i < t; i++) {
            int s = i * t;
            int end = causal ? i + 1 : t;
            if (dropout != null) {
              for (int j = 0; j < end; j++) dS[s + j] = dropout.apply(dS[s + j], p0 + s + j);
            }
            float dot = 0;
            for (int j = 0; j < end; j++) dot += probs[p0 + s + j] * dS[s + j];
            for (int j = 0; j < end; j++) dS[s + j] = probs[p0 + s + j] * (dS[s + j] - dot) * scale;
            for (int j = end; j < t; j++) dS[s + j] = 0;
          }
          float[] dQ = scratch(Slot.DQ, t * hd);
          kernels.matmulTileT(k, 0, hd, hd, dS, 0, t, t, dQ, 0, hd);
          float[] dK = scratch(Slot.DK, t * hd);
          float[] dST = scratch(Slot.P, t * t); // pT is done with
          kernels.transpose(dS, t, t, 0, t, 0, t, dST);
          kernels.matmulTileT(q, 0, hd, hd, dST, 0, t, t, dK, 0, hd);
          for (int i = 0; i < t; i++) {
            int base = (row * t + i) * width + qo;
            System.arraycopy(dQ, i * hd, dqkv, base, hd);
            System.arraycopy(dK, i * hd, dqkv, base + hd, hd);
            System.arraycopy(dV, i * hd, dqkv, base + 2 * hd, hd);
            if (rotary != null) {
              rotary.unapply(dqkv, base, i);
              rotary.unapply(dqkv, base + hd, i);
            }
          }
        });
    return dqkv;
  }
}
