package io.memtrace.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence BLEU-4 (Papineni et al. 2002): the geometric mean of the modified n-gram precisions for
 * n = 1..4 times the brevity penalty. Two variants share the clipped n-gram counts:
 *
 * <ul>
 *   <li>{@link #of}, over token ids, without smoothing, so any n-gram order without a match gives
 *       0. Ippolito et al. (2022) call a continuation approximately memorized at BLEU >= 0.75
 *       ({@link #APPROXIMATE_MEMORIZATION}); study A scores greedy continuations with it.
 *   <li>{@link #smoothed}, over words, with Lin and Och's (2004) add-one smoothing of the 2- to
 *       4-gram precisions, the usual way to score one short translation: unsmoothed BLEU-4 is 0 for
 *       any output under four words (a country name), while here an exact one-word translation
 *       scores 1 and a wrong one 0. Study B scores translations with it.
 * </ul>
 */
public final class Bleu {
  public static final double APPROXIMATE_MEMORIZATION = 0.75;

  private static final int MAX_ORDER = 4;

  private Bleu() {}

  /** Unsmoothed BLEU-4 of {@code candidate} against {@code reference}, both token ids. */
  public static double of(int[] candidate, int[] reference) {
    if (candidate.length == 0) return 0;
    List<Integer> c = boxed(candidate);
    List<Integer> r = boxed(reference);
    double logSum = 0;
    for (int n = 1; n <= MAX_ORDER; n++) {
      Precision p = precision(c, r, n);
      if (p.total() <= 0 || p.matches() == 0) return 0;
      logSum += Math.log((double) p.matches() / p.total());
    }
    return brevityPenalty(c.size(), r.size()) * Math.exp(logSum / MAX_ORDER);
  }

  /**
   * BLEU-4 of {@code candidate} against {@code reference}, both words, with add-one smoothing of
   * the 2- to 4-gram precisions; 0 when no word matches.
   */
  public static double smoothed(List<String> candidate, List<String> reference) {
    if (candidate.isEmpty()) return 0;
    double logSum = 0;
    for (int n = 1; n <= MAX_ORDER; n++) {
      Precision p = precision(candidate, reference, n);
      if (n == 1 && p.matches() == 0) return 0;
      logSum +=
          n == 1
              ? Math.log((double) p.matches() / p.total())
              : Math.log((p.matches() + 1.0) / (p.total() + 1));
    }
    return brevityPenalty(candidate.size(), reference.size()) * Math.exp(logSum / MAX_ORDER);
  }

  /**
   * The modified n-gram precision of one order, {@code matches / total}: the candidate's n-grams
   * that occur in the reference, each counted at most as often as the reference has it, over all
   * the candidate's n-grams (0 when it is shorter than n).
   */
  private record Precision(long matches, long total) {}

  private static <T> Precision precision(List<T> candidate, List<T> reference, int n) {
    Map<List<T>, Integer> ref = counts(reference, n);
    long matches = 0;
    for (Map.Entry<List<T>, Integer> e : counts(candidate, n).entrySet()) {
      matches += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
    }
    return new Precision(matches, Math.max(0, candidate.size() - n + 1));
  }

  private static <T> Map<List<T>, Integer> counts(List<T> tokens, int n) {
    Map<List<T>, Integer> out = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      out.merge(tokens.subList(i, i + n), 1, Integer::sum);
    }
    return out;
  }

  /** 1 for a candidate at least as long as the reference, else {@code exp(1 - r / c)}. */
  private static double brevityPenalty(int candidate, int reference) {
    return candidate >= reference ? 1 : Math.exp(1 - (double) reference / candidate);
  }

  private static List<Integer> boxed(int[] tokens) {
    return Arrays.stream(tokens).boxed().toList();
  }

  /** Levenshtein distance between two token sequences. */
  public static int editDistance(int[] a, int[] b) {
    int[] prev = new int[b.length + 1];
    int[] cur = new int[b.length + 1];
    for (int j = 0; j <= b.length; j++) prev[j] = j;
    for (int i = 1; i <= a.length; i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length; j++) {
        int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length];
  }
}
