package io.memtrace.memorization;

/**
 * How well per-token predictions of "greedy decoding reproduces this token" match the truth:
 * token-level accuracy, full-sequence accuracy (every token of a row right, study A's second
 * number) and F1 of the positive class (token reproduced).
 */
public record PredictionMetrics(
    long tokens, double tokenAccuracy, long sequences, double sequenceAccuracy, double f1) {

  /** Predictions and labels per row, L each. */
  public static PredictionMetrics of(boolean[][] predicted, boolean[][] truth) {
    long tokens = 0;
    long right = 0;
    long rowsRight = 0;
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int r = 0; r < truth.length; r++) {
      boolean all = true;
      for (int j = 0; j < truth[r].length; j++) {
        boolean p = predicted[r][j];
        boolean t = truth[r][j];
        tokens++;
        if (p == t) right++;
        else all = false;
        if (p && t) tp++;
        if (p && !t) fp++;
        if (!p && t) fn++;
      }
      if (all) rowsRight++;
    }
    double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    return new PredictionMetrics(
        tokens,
        tokens == 0 ? Double.NaN : (double) right / tokens,
        truth.length,
        truth.length == 0 ? Double.NaN : (double) rowsRight / truth.length,
        f1);
  }
}
