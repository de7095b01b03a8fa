package io.memtrace.memorization;

import io.memtrace.model.LanguageModel;
import io.memtrace.model.ScoreOptions;
import java.util.BitSet;

/**
 * Study A's embedding dynamics, streamed: for rows scored with context C and continuation L, the
 * centroid of the last-layer hidden state (the final norm's output) at each decoding step j, per
 * exact level k (rows whose greedy continuation matches k of the L true tokens). The state at step
 * j is the one that chose generated token j: position C - 1 + j of the context followed by the
 * model's own tokens, which a teacher-forced pass over that sequence reproduces exactly. Only sums
 * are kept, never the states themselves.
 */
public final class EmbeddingCentroids {
  private final int context;
  private final int continuation;
  private final int dim;
  private final double[][][] sums; // [level k][step j][dim]
  private final long[] rows; // per level

  public EmbeddingCentroids(int context, int continuation, int dim) {
    this.context = context;
    this.continuation = continuation;
    this.dim = dim;
    this.sums = new double[continuation + 1][continuation][dim];
    this.rows = new long[continuation + 1];
  }

  /** Adds rows: their first C true tokens, their greedy continuation and its match count. */
  public void add(LanguageModel model, int[][] contexts, int[][] generated, int[] matches) {
    int n = contexts.length;
    int[][] sequences = new int[n][];
    for (int r = 0; r < n; r++) {
      sequences[r] = new int[context + continuation];
      System.arraycopy(contexts[r], 0, sequences[r], 0, context);
      System.arraycopy(generated[r], 0, sequences[r], context, continuation);
      rows[matches[r]]++;
    }
    BitSet last = new BitSet();
    last.set(model.layers() + 1);
    model.score(
        sequences,
        ScoreOptions.DEFAULT.withHidden(
            last,
            (row, position, layer, state, offset, d) -> {
              int step = position - (context - 1);
              if (step < 0 || step >= continuation) return;
              double[] s = sums[matches[row]][step];
              for (int i = 0; i < d; i++) s[i] += state[offset + i];
            }));
  }

  /** Rows seen at exact level k. */
  public long rows(int level) {
    return rows[level];
  }

  /** The centroid at level k and step j, or null when no row has level k. */
  public float[] centroid(int level, int step) {
    if (rows[level] == 0) return null;
    float[] c = new float[dim];
    for (int i = 0; i < dim; i++) c[i] = (float) (sums[level][step][i] / rows[level]);
    return c;
  }

  public int context() {
    return context;
  }

  public int continuation() {
    return continuation;
  }
}
