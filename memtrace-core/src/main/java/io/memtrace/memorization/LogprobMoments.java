package io.memtrace.memorization;

import io.memtrace.model.LanguageModel;
import io.memtrace.model.LogitsSink;
import io.memtrace.model.ScoreOptions;
import io.memtrace.model.tensor.Kernels;

/**
 * What membership scores need of a teacher-forced pass over rows, from each position's full logits
 * as the pass produces them: the model's own log-probability of the next true token, and the mean
 * and standard deviation of log p over the vocabulary under the model's distribution (min-k%++'s
 * calibration). The logits are the model's, before any end-of-text suppression. Positions count
 * from the start of each row, so the pass must start from an empty cache.
 */
public final class LogprobMoments implements LogitsSink {
  private final Kernels kernels = Kernels.get();
  private final int[][] rows;
  private final float[][] logprob;
  private final float[][] mean;
  private final float[][] std;

  /** Collects the moments of {@code rows} when passed as their pass's logits sink. */
  public LogprobMoments(int[][] rows) {
    this.rows = rows;
    int n = rows.length;
    logprob = new float[n][];
    mean = new float[n][];
    std = new float[n][];
    for (int r = 0; r < n; r++) {
      int positions = Math.max(0, rows[r].length - 1);
      logprob[r] = new float[positions];
      mean[r] = new float[positions];
      std[r] = new float[positions];
    }
  }

  /** One teacher-forced pass of {@code model} over {@code rows} from a fresh cache. */
  public static LogprobMoments of(LanguageModel model, int[][] rows) {
    LogprobMoments moments = new LogprobMoments(rows);
    model.score(rows, ScoreOptions.DEFAULT.withLogits(moments));
    return moments;
  }

  @Override
  public void accept(int row, int position, float[] x, int off, int vocab) {
    if (position >= logprob[row].length) return;
    float max = kernels.max(x, off, vocab);
    // Shifted by the max: z = sum e^d, s1 = sum e^d d, s2 = sum e^d d^2; ln p = d - ln z.
    double[] sums = new double[3];
    kernels.expSums(x, off, vocab, max, sums);
    double logZ = Math.log(sums[0]);
    double m1 = sums[1] / sums[0];
    logprob[row][position] = (float) (x[off + rows[row][position + 1]] - max - logZ);
    mean[row][position] = (float) (m1 - logZ);
    std[row][position] = (float) Math.sqrt(Math.max(0, sums[2] / sums[0] - m1 * m1));
  }

  /** ln p of token i + 1 of row r given tokens 0..i, at index i. */
  public float[] logprob(int r) {
    return logprob[r];
  }

  /** E[ln p] over the vocabulary at each position of row r. */
  public float[] mean(int r) {
    return mean[r];
  }

  /** The standard deviation of ln p over the vocabulary at each position of row r. */
  public float[] std(int r) {
    return std[r];
  }
}
