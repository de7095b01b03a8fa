package io.memtrace.model;

/**
 * Teacher-forced statistics of one row of T tokens, for the T - 1 positions that predict a token of
 * the row: entry i describes the distribution after tokens 0..i, whose target is token i + 1.
 *
 * @param argmax the most likely token (the lowest id among ties)
 * @param targetLogprob natural-log probability of token i + 1
 * @param entropy of the distribution, in nats
 * @param topIds the {@code topK} most likely tokens, most likely first (empty arrays when 0)
 * @param topLogprobs their log-probabilities
 */
public record RowScores(
    int[] argmax, float[] targetLogprob, float[] entropy, int[][] topIds, float[][] topLogprobs) {
  public int positions() {
    return argmax.length;
  }
}
