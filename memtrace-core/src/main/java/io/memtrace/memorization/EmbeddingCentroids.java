package io.memtrace.memorization;

import io.memtrace.model.LanguageModel;
import io.memtrace.model.ScoreOptions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Study A's embedding dynamics, streamed: for rows scored with context C and continuation L, the
 * centroid of the last-layer hidden state (the final norm's output) at each decoding step j, per
 * exact level k (rows whose greedy continuation matches k of the L true tokens). The state at step
 * j is the one that chose generated token j: position C - 1 + j of the context followed by the
 * model's own tokens, which a teacher-forced pass over that sequence reproduces exactly.
 *
 * <p>Also kept, for the released code's drift and similarity analyses: per level, the sum of the
 * states of the context positions before C - 1, so that the running mean over positions 0 .. C - 1
 * + j (the context and the first j decoding steps) is {@link #runningMean}; and per row, the mean
 * state over all C + L - 1 positions (the row's "sentence" embedding, {@link #rowMeans}).
 */
public final class EmbeddingCentroids {
  private final int context;
  private final int continuation;
  private final int dim;
  private final double[][][] sums; // [level k][step j][dim]
  private final long[] rows; // per level
  private final double[][] contextSums; // [level k][dim]: positions 0 .. C - 2
  private final List<float[]> rowMeans = new ArrayList<>();
  private final List<Integer> rowLevels = new ArrayList<>();

  public EmbeddingCentroids(int context, int continuation, int dim) {
    this.context = context;
    this.continuation = continuation;
    this.dim = dim;
    this.sums = new double[continuation + 1][continuation][dim];
    this.rows = new long[continuation + 1];
    this.contextSums = new double[continuation + 1][dim];
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
    double[][] perRow = new double[n][dim];
    int positions = context + continuation - 1;
    model.score(
        sequences,
        ScoreOptions.DEFAULT.withHidden(
            last,
            (row, position, layer, state, offset, d) -> {
              if (position >= positions) return;
              for (int i = 0; i < d; i++) perRow[row][i] += state[offset + i];
              int step = position - (context - 1);
              double[] s = step < 0 ? contextSums[matches[row]] : sums[matches[row]][step];
              for (int i = 0; i < d; i++) s[i] += state[offset + i];
            }));
    for (int r = 0; r < n; r++) {
      float[] mean = new float[dim];
      for (int i = 0; i < dim; i++) mean[i] = (float) (perRow[r][i] / positions);
      rowMeans.add(mean);
      rowLevels.add(matches[r]);
    }
  }

  /**
   * The mean state of the rows of level k over positions 0 .. C - 1 + j: their context and the
   * states of the first j + 1 decoding steps (j = 0 .. L - 1); null when no row has level k.
   */
  public float[] runningMean(int level, int step) {
    if (rows[level] == 0) return null;
    double[] acc = contextSums[level].clone();
    for (int j = 0; j <= step; j++) {
      for (int i = 0; i < dim; i++) acc[i] += sums[level][j][i];
    }
    float[] out = new float[dim];
    double count = (double) rows[level] * (context + step);
    for (int i = 0; i < dim; i++) out[i] = (float) (acc[i] / count);
    return out;
  }

  /** Each row's mean state over positions 0 .. C + L - 2, in the order the rows were added. */
  public List<float[]> rowMeans() {
    return List.copyOf(rowMeans);
  }

  /** Each row's exact level, in the order the rows were added. */
  public List<Integer> rowLevels() {
    return List.copyOf(rowLevels);
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
