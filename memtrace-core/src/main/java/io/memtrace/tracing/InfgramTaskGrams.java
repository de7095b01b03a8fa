package io.memtrace.tracing;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.index.InfiniGram;
import io.memtrace.tokens.Tokenizer;
import java.util.Arrays;

/**
 * The infini-gram model's probability of a task-gram pair's output n-gram right after its input
 * n-gram, log P_inf(sy | sx) = sum over sy's tokens of log P_inf(token | sx, sy's tokens before
 * it). Each factor comes from the longest suffix of its context that the token has followed in the
 * corpus ({@link InfiniGram#backoff}): Liu et al.'s (2024) longest occurring suffix gives 0 for
 * almost every pair, whose n-grams rarely stand side by side, and zeros cannot be ranked. Both
 * n-grams are taken with a leading space, as they appear mid-text.
 */
public final class InfgramTaskGrams {
  private final IndexReader index;
  private final Tokenizer tokenizer;

  public InfgramTaskGrams(IndexReader index, Tokenizer tokenizer) {
    this.index = index;
    this.tokenizer = tokenizer;
  }

  public double logprob(TaskGramPair pair) throws BadInputException {
    int[] x = tokenizer.encode(" " + pair.input().text());
    int[] y = tokenizer.encode(" " + pair.output().text());
    int[] context = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, context, x.length, y.length);
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double p =
          InfiniGram.backoff(index, Arrays.copyOf(context, x.length + i), y[i]).probability();
      sum += Math.log(p);
    }
    return sum;
  }
}
