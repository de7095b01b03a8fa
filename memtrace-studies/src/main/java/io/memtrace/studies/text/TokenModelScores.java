package io.memtrace.studies.text;

import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;

/**
 * One model's view of a text, teacher forced: for each token after the first, the probability and
 * rank it had given the tokens before it, the model's greedy choice there and the entropy of its
 * distribution. Entry {@code i} describes token {@code i + 1}.
 *
 * @param model the name the model is served under
 * @param rank 1 + the number of tokens the model found strictly more likely than the true one
 * @param entropy in nats
 */
public record TokenModelScores(
    String model, double[] probability, int[] rank, int[] greedy, double[] entropy) {

  /** Scores {@code tokens} (at least two) with {@code lm}. */
  public static TokenModelScores of(String name, LanguageModel lm, int[] tokens) {
    int n = tokens.length - 1;
    int[] rank = new int[n];
    // Ranks need the whole distribution: counted as each position's logits go by, never stored.
    ScoreOptions options =
        ScoreOptions.DEFAULT.withLogits(
            (row, position, logits, offset, vocab) -> {
              float target = logits[offset + tokens[position + 1]];
              int above = 0;
              for (int v = 0; v < vocab; v++) if (logits[offset + v] > target) above++;
              rank[position] = above + 1;
            });
    RowScores s = lm.score(new int[][] {tokens}, options)[0];
    double[] probability = new double[n];
    double[] entropy = new double[n];
    for (int i = 0; i < n; i++) {
      probability[i] = Math.exp(s.targetLogprob()[i]);
      entropy[i] = s.entropy()[i];
    }
    return new TokenModelScores(name, probability, rank, s.argmax().clone(), entropy);
  }
}
