package io.memtrace.index;

import io.memtrace.BadInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The next-token distribution after a context: which tokens follow its occurrences, how often.
 * Occurrences that end a document have no next token and are left out, so the probabilities sum to
 * one over the occurrences that continue.
 *
 * <p>Within a context's run of suffixes the next tokens ascend, so each distinct token is one
 * sub-run: the exact distribution costs a galloping search per distinct token, not a pass over the
 * occurrences. Above {@code exactLimit} continuations the run of each shard is sampled at evenly
 * spaced ranks instead: with step {@code c/k} in a sorted run, a token's estimated count is off by
 * less than one step, which gives the stated {@code bound}.
 */
public final class NextTokens {
  /** Defaults for the facade: exact up to a million continuations, else 100,000 samples. */
  public static final long EXACT_LIMIT = 1_000_000;

  public static final int SAMPLES = 100_000;

  private NextTokens() {}

  /**
   * One next token; in a sampled distribution {@code count} is the rounded estimate.
   *
   * @param probability count / continuations
   */
  public record NextToken(int token, long count, double probability) {}

  /**
   * @param count occurrences of the context (for the empty context: tokens in the index)
   * @param continuations occurrences followed by a token of the same document
   * @param tokens by count, most frequent first, ties by token id
   * @param approx whether the counts were estimated by sampling
   * @param bound upper bound on the absolute error of every probability (0 when exact); a token
   *     missing from a sampled distribution has a probability below it
   */
  public record Distribution(
      int[] context,
      long count,
      long continuations,
      List<NextToken> tokens,
      boolean approx,
      double bound) {
    /** The {@code k} most frequent next tokens. */
    public List<NextToken> top(int k) {
      return tokens.subList(0, Math.min(k, tokens.size()));
    }
  }

  /** The distribution after {@code context} (may be empty), exact up to {@link #EXACT_LIMIT}. */
  public static Distribution of(IndexReader index, int[] context) throws BadInputException {
    return of(index, context, EXACT_LIMIT, SAMPLES);
  }

  /**
   * The distribution after {@code context}: exact if it has at most {@code exactLimit}
   * continuations, else estimated from about {@code samples} evenly spaced occurrences.
   */
  public static Distribution of(IndexReader index, int[] context, long exactLimit, int samples)
      throws BadInputException {
    index.checkTokens(context, "context");
    if (samples <= 0) throw new IllegalArgumentException("samples must be positive: " + samples);
    List<Shard> shards = index.shards();
    int depth = context.length;
    Find.Ranges ranges = Find.find(shards, context);
    int[] ends = new int[shards.size()];
    long continuations = 0;
    for (int s = 0; s < ends.length; s++) {
      ends[s] = continuationEnd(shards.get(s), ranges.lo()[s], ranges.hi()[s], depth);
      continuations += ends[s] - ranges.lo()[s];
    }
    long count = depth == 0 ? index.tokenCount() : ranges.count();
    Map<Integer, double[]> counts = new HashMap<>();
    boolean approx = continuations > exactLimit;
    double bound = 0;
    for (int s = 0; s < ends.length; s++) {
      Shard shard = shards.get(s);
      int lo = ranges.lo()[s];
      int n = ends[s] - lo;
      if (n == 0) continue;
      if (!approx) {
        for (int r = lo; r < ends[s]; ) {
          int token = shard.token(shard.suffix(r) + depth);
          int next = Find.gallop(shard, r, ends[s], depth, token + 1);
          counts.computeIfAbsent(token, t -> new double[1])[0] += next - r;
          r = next;
        }
      } else {
        int k = (int) Math.max(1, Math.min(n, Math.round((double) samples * n / continuations)));
        double step = (double) n / k;
        bound += step;
        for (int i = 0; i < k; i++) {
          int r = lo + (int) ((i + 0.5) * step);
          int token = shard.token(shard.suffix(r) + depth);
          counts.computeIfAbsent(token, t -> new double[1])[0] += step;
        }
      }
    }
    List<NextToken> tokens = new ArrayList<>(counts.size());
    for (var e : counts.entrySet()) {
      double c = e.getValue()[0];
      tokens.add(new NextToken(e.getKey(), Math.round(c), c / continuations));
    }
    tokens.sort(
        Comparator.comparingLong(NextToken::count).reversed().thenComparing(NextToken::token));
    return new Distribution(
        context,
        count,
        continuations,
        List.copyOf(tokens),
        approx,
        continuations == 0 ? 0 : bound / continuations);
  }

  /**
   * The end of the occurrences in ranks {@code [lo, hi)} that continue within their document: the
   * ones followed by the separator sort last.
   */
  static int continuationEnd(Shard shard, int lo, int hi, int depth) {
    return Find.narrow(shard, lo, hi, depth, shard.vocabSize());
  }

  /** Occurrences of {@code context} (may be empty) followed by a token of the same document. */
  static long continuations(List<Shard> shards, int[] context) {
    Find.Ranges ranges = Find.find(shards, context);
    long n = 0;
    for (int s = 0; s < shards.size(); s++) {
      int lo = ranges.lo()[s];
      n += continuationEnd(shards.get(s), lo, ranges.hi()[s], context.length) - lo;
    }
    return n;
  }
}
