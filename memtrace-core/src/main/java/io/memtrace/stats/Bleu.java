package io.memtrace.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence BLEU-4 over token ids (Papineni et al. 2002): the geometric mean of the modified n-gram
 * precisions for n = 1..4 times the brevity penalty, without smoothing, so any n-gram order without
 * a match gives 0. Ippolito et al. (2022) call a continuation approximately memorized at BLEU >=
 * 0.75.
 */
public final class Bleu {
  public static final double APPROXIMATE_MEMORIZATION = 0.75;

  private Bleu() {}

  public static double of(int[] candidate, int[] reference) {
    if (candidate.length == 0) return 0;
    double logSum = 0;
    for (int n = 1; n <= 4; n++) {
      int total = candidate.length - n + 1;
      if (total <= 0) return 0;
      Map<List<Integer>, Integer> ref = counts(reference, n);
      int clipped = 0;
      for (Map.Entry<List<Integer>, Integer> e : counts(candidate, n).entrySet()) {
        clipped += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
      }
      if (clipped == 0) return 0;
      logSum += Math.log((double) clipped / total);
    }
    double bp =
        candidate.length >= reference.length
            ? 1
            : Math.exp(1 - (double) reference.length / candidate.length);
    return bp * Math.exp(logSum / 4);
  }

  private static Map<List<Integer>, Integer> counts(int[] tokens, int n) {
    Map<List<Integer>, Integer> m = new HashMap<>();
    for (int i = 0; i + n <= tokens.length; i++) {
      Integer[] g = new Integer[n];
      for (int k = 0; k < n; k++) g[k] = tokens[i + k];
      m.merge(List.of(g), 1, Integer::sum);
    }
    return m;
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
