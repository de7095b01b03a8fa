package io.memtrace.model;

import io.memtrace.model.blocks.Context;
import io.memtrace.model.tensor.Kernels;
import io.memtrace.model.tensor.Matrix;
import java.util.Arrays;

/**
 * Turns final hidden states into per-position statistics without ever holding more than a small
 * block of logits: positions go through the output projection a block at a time (a reused (block,
 * vocab) buffer, so the product still reuses each weight row across positions), and each logits row
 * is reduced to argmax, target log-probability, entropy and top-k as soon as it exists.
 */
final class LogitReducer {
  /**
   * Floats in the reusable logits buffer (64 MiB): blocks of up to 256 positions, enough that
   * packing the output projection for the product costs little next to the product itself.
   */
  private static final int BUFFER_FLOATS = 16 << 20;

  /** Results, one entry per requested position. */
  record Stats(
      int[] argmax,
      float[] argmaxLogprob,
      float[] targetLogprob,
      float[] entropy,
      int[][] topIds,
      float[][] topLogprobs) {
    Stats(int n, int topK) {
      this(
          new int[n],
          new float[n],
          new float[n],
          new float[n],
          new int[n][topK],
          new float[n][topK]);
    }
  }

  private final Matrix output;
  private final int vocab;
  private final String model;
  private float[] logits = new float[0];

  /**
   * @param model names the model in errors (its directory)
   */
  LogitReducer(Matrix output, String model) {
    this.output = output;
    this.vocab = output.rows();
    this.model = model;
  }

  /**
   * Statistics at flat indices {@code at} of {@code hidden} (n, dim).
   *
   * @param targets the token whose log-probability to report per position, or -1
   * @param suppress whether the position's distribution excludes {@code suppressedIds}
   */
  Stats reduce(
      Context c,
      float[] hidden,
      int[] at,
      int[] targets,
      boolean[] suppress,
      int[] suppressedIds,
      int topK,
      LogitsSink sink) {
    int dim = output.cols();
    int block = Math.max(1, Math.min(256, BUFFER_FLOATS / vocab));
    if (logits.length < block * vocab) logits = new float[block * vocab];
    float[] gathered = new float[block * dim];
    Stats stats = new Stats(at.length, topK);
    for (int b0 = 0; b0 < at.length; b0 += block) {
      int nb = Math.min(block, at.length - b0);
      for (int i = 0; i < nb; i++)
        System.arraycopy(hidden, at[b0 + i] * dim, gathered, i * dim, dim);
      c.matmul().multiply(output, gathered, nb, logits, 0, vocab);
      int first = b0;
      c.parallel()
          .forEach(
              nb,
              i -> {
                int p = first + i;
                int off = i * vocab;
                int flat = at[p];
                if (sink != null) {
                  sink.accept(c.batch().rowOf(flat), c.batch().position(flat), logits, off, vocab);
                }
                if (suppress[p])
                  for (int id : suppressedIds) logits[off + id] = Float.NEGATIVE_INFINITY;
                if (!reduceOne(c.kernels(), logits, off, targets[p], topK, stats, p)) {
                  throw new ModelRequestException(
                      "%s: non-finite logits at row %d, position %d (damaged or diverged weights)"
                          .formatted(model, c.batch().rowOf(flat), c.batch().position(flat)));
                }
              });
    }
    return stats;
  }

  /**
   * Reduces one logits row into {@code stats} at {@code p}; false if the row holds a NaN or an
   * infinity that is not a suppressed token's, when no distribution exists.
   */
  private boolean reduceOne(
      Kernels k, float[] x, int off, int target, int topK, Stats stats, int p) {
    float max = k.max(x, off, vocab);
    if (!Float.isFinite(max)) return false;
    int argmax = 0;
    while (argmax < vocab && x[off + argmax] != max) argmax++;
    if (argmax == vocab) return false;
    double[] sums = new double[3];
    k.expSums(x, off, vocab, max, sums);
    double logZ = Math.log(sums[0]);
    if (!Double.isFinite(logZ)) return false;
    stats.argmax()[p] = argmax;
    stats.argmaxLogprob()[p] = (float) -logZ;
    stats.entropy()[p] = (float) (logZ - sums[1] / sums[0]);
    stats.targetLogprob()[p] = target < 0 ? Float.NaN : (float) (x[off + target] - max - logZ);
    if (topK > 0)
      top(x, off, topK, (float) (max + logZ), stats.topIds()[p], stats.topLogprobs()[p]);
    return true;
  }

  /** The k largest logits, largest first, lower ids first among equals, as log-probabilities. */
  private void top(float[] x, int off, int k, float logNorm, int[] ids, float[] values) {
    int n = Math.min(k, vocab);
    Arrays.fill(values, Float.NEGATIVE_INFINITY);
    Arrays.fill(ids, -1);
    int filled = 0;
    for (int id = 0; id < vocab; id++) {
      float v = x[off + id];
      if (filled == n && !(v > values[n - 1])) continue;
      int pos = filled == n ? n - 1 : filled++;
      while (pos > 0 && v > values[pos - 1]) {
        values[pos] = values[pos - 1];
        ids[pos] = ids[pos - 1];
        pos--;
      }
      values[pos] = v;
      ids[pos] = id;
    }
    for (int i = 0; i < n; i++) values[i] -= logNorm;
  }
}
