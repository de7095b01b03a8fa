package io.memtrace.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence BLEU-4 over words with Lin and Och's (2004) add-one smoothing of the 2- to 4-gram
 * precisions, the usual way to score one short translation: unsmoothed BLEU-4 is 0 for any output
 * under four words (a country name), while here an exact one-word translation scores 1 and a wrong
 * one 0.
 */
public final class SentenceBleu {
  private SentenceBleu() {}

  public static double of(List<String> candidate, List<String> reference) {
    if (candidate.isEmpty()) return 0;
    double logSum = 0;
    for (int n = 1; n <= 4; n++) {
      Map<List<String>, Integer> ref = counts(reference, n);
      long clipped = 0;
      for (Map.Entry<List<String>, Integer> e : counts(candidate, n).entrySet()) {
        clipped += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
      }
      long total = Math.max(0, candidate.size() - n + 1);
      if (n == 1 && clipped == 0) return 0;
      logSum +=
          n == 1 ? Math.log((double) clipped / total) : Math.log((clipped + 1.0) / (total + 1));
    }
    double brevity =
        candidate.size() >= reference.size()
            ? 1
            : Math.exp(1 - (double) reference.size() / candidate.size());
    return brevity * Math.exp(logSum / 4);
  }

  private static Map<List<String>, Integer> counts(List<String> words, int n) {
    Map<List<String>, Integer> out = new HashMap<>();
    for (int i = 0; i + n <= words.size(); i++) out.merge(words.subList(i, i + n), 1, Integer::sum);
    return out;
  }
}
