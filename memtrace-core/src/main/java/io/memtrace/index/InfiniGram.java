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
   * The probability of every token of {@code tokens} given the tokens before it.
   *
   * <p>A longest-match walk: the suffix used at position {@code i + 1} is at most one token longer
   * than the one used at {@code i} (a suffix with continuations keeps them when its last token is
   * dropped), so the walk keeps the current suffix's rank ranges, extends them by the token just
   * read (one narrowing per shard) and searches again only when that extension has no
   * continuations. Over a text that the corpus repeats, this costs a logarithm per token instead of
   * a binary search over suffix lengths with one full search each.
   */
  public static List<Probability> sequence(IndexReader index, int[] tokens)
      throws BadInputException {
    index.check(tokens, "token sequence");
    List<Shard> shards = index.shards();
    int[] lo = new int[shards.size()];
    int[] hi = new int[shards.size()];
    for (int s = 0; s < hi.length; s++) hi[s] = shards.get(s).length();
    int length = 0;
    long continuations = continuations(shards, lo, hi, 0);
    Probability[] out = new Probability[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      int token = tokens[i];
      long count = 0;
      for (int s = 0; s < lo.length; s++) {
        Shard shard = shards.get(s);
        int from = Find.narrow(shard, lo[s], hi[s], length, token);
        int to = Find.narrow(shard, from, hi[s], length, token + 1);
        lo[s] = from;
        hi[s] = to;
        count += to - from;
      }
      out[i] =
          new Probability(
              token,
              continuations == 0 ? 0 : (double) count / continuations,
              length,
              count,
              continuations);
      if (i + 1 == tokens.length) break;
      // The ranges now hold suffix + token: the longest candidate for the next position.
      length++;
      continuations = continuations(shards, lo, hi, length);
      if (continuations == 0) {
        length = longestWithContinuations(shards, tokens, i + 1, length - 1);
        int[] suffix = Arrays.copyOfRange(tokens, i + 1 - length, i + 1);
        Find.Ranges ranges = Find.find(shards, suffix);
        System.arraycopy(ranges.lo(), 0, lo, 0, lo.length);
        System.arraycopy(ranges.hi(), 0, hi, 0, hi.length);
        continuations = continuations(shards, lo, hi, length);
      }
    }
    return List.of(out);
  }

  /** Occurrences in the rank ranges (of a {@code depth}-token n-gram) that continue. */
  private static long continuations(List<Shard> shards, int[] lo, int[] hi, int depth) {
    long n = 0;
    for (int s = 0; s < lo.length; s++) {
      n += NextTokens.continuationEnd(shards.get(s), lo[s], hi[s], depth) - lo[s];
    }
    return n;
  }

  /**
   * The longest suffix of {@code tokens[0, end)}, at most {@code max} tokens, with continuations,
   * by binary search over its length.
   */
  private static int longestWithContinuations(List<Shard> shards, int[] tokens, int end, int max) {
    int lo = 0;
    int hi = max;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (NextTokens.continuations(shards, Arrays.copyOfRange(tokens, end - mid, end)) > 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static int[] suffix(int[] context, int length) {
    return Arrays.copyOfRange(context, context.length - length, context.length);
  }
}
