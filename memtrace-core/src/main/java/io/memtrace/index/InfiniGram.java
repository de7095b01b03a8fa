package io.memtrace.index;

import io.memtrace.BadInputException;
import java.util.Arrays;
import java.util.List;

/**
 * The infini-gram language model (Liu et al. 2024, "Infini-gram: Scaling Unbounded n-gram Language
 * Models to a Trillion Tokens"): the probability of a token given the longest suffix of its context
 * that occurs in the corpus,
 *
 * <pre>
 *   P(w | context) = count(suffix w) / continuations(suffix)
 * </pre>
 *
 * where {@code suffix} is the longest suffix of the context with at least one occurrence followed
 * by a token of the same document, and {@code continuations} counts those occurrences (so an
 * occurrence at the very end of a document, which has no next token, neither counts nor makes a
 * suffix eligible). The empty suffix always is eligible in a non-empty index: the unigram
 * probability. Having continuations is monotone in the suffix length, so the length is found by
 * binary search.
 */
public final class InfiniGram {
  private InfiniGram() {}

  /**
   * @param suffixLength tokens of the context's suffix that were used (0: unigram)
   * @param count occurrences of that suffix followed by {@code token}
   * @param continuations occurrences of that suffix followed by any token; probability is 0 when it
   *     is 0 (only in an empty index)
   */
  public record Probability(
      int token, double probability, int suffixLength, long count, long continuations) {}

  /** P(token | context) under the infini-gram model. */
  public static Probability of(IndexReader index, int[] context, int token)
      throws BadInputException {
    index.checkTokens(context, "context");
    index.checkTokens(new int[] {token}, "token");
    List<Shard> shards = index.shards();
    int lo = 0;
    int hi = context.length;
    long loContinuations = NextTokens.continuations(shards, new int[0]);
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      long c = NextTokens.continuations(shards, suffix(context, mid));
      if (c > 0) {
        lo = mid;
        loContinuations = c;
      } else {
        hi = mid - 1;
      }
    }
    int[] ngram = Arrays.copyOf(suffix(context, lo), lo + 1);
    ngram[lo] = token;
    long count = Find.find(shards, ngram).count();
    return new Probability(
        token,
        loContinuations == 0 ? 0 : (double) count / loContinuations,
        lo,
        count,
        loContinuations);
  }

  /**
   * The probability of every token of {@code tokens} given the tokens before it: a {@link
   * LongestSuffixWalk} over the suffixes with continuations, whose suffix at {@code i} is the
   * context used for token {@code i}.
   */
  public static List<Probability> sequence(IndexReader index, int[] tokens)
      throws BadInputException {
    index.check(tokens, "token sequence");
    var walk = new LongestSuffixWalk(index.shards(), tokens, LongestSuffixWalk.CONTINUATIONS);
    Probability[] out = new Probability[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      int length = walk.length();
      long continuations = walk.value();
      long count = walk.extend();
      out[i] =
          new Probability(
              tokens[i],
              continuations == 0 ? 0 : (double) count / continuations,
              length,
              count,
              continuations);
      if (i + 1 < tokens.length) walk.settle();
    }
    return List.of(out);
  }

  private static int[] suffix(int[] context, int length) {
    return Arrays.copyOfRange(context, context.length - length, context.length);
  }
}
