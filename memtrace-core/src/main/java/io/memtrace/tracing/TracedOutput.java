package io.memtrace.tracing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An output n-gram sy of one example at one n, with the task-gram pairs (sx, sy) of that example
 * that share it: study B's unit of distributional memorization. The paper's released code ranks one
 * value per (example, sy): the task-gram probabilities of its pairs aggregated by their geometric
 * mean, against the LM's probability of sy in the example's text.
 *
 * @param pairs positions of its pairs in the task's pair list
 */
public record TracedOutput(int example, int n, WordNgrams.Ngram ngram, int[] pairs) {

  /** The outputs of {@code pairs}, in order of their first pair. */
  public static List<TracedOutput> of(List<TaskGramPair> pairs) {
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    Map<String, TaskGramPair> first = new LinkedHashMap<>();
    for (int i = 0; i < pairs.size(); i++) {
      TaskGramPair p = pairs.get(i);
      String key = p.example() + "\u0000" + p.n() + "\u0000" + p.output().start();
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      first.putIfAbsent(key, p);
    }
    List<TracedOutput> out = new ArrayList<>();
    for (var e : byKey.entrySet()) {
      TaskGramPair p = first.get(e.getKey());
      out.add(
          new TracedOutput(
              p.example(),
              p.n(),
              p.output(),
              e.getValue().stream().mapToInt(Integer::intValue).toArray()));
    }
    return out;
  }

  /** The mean of its pairs' log task-gram probabilities: the log of their geometric mean. */
  public double taskgramLogprob(double[] pairLogprob) {
    return meanLogprob(pairs, pairLogprob);
  }

  /** The mean of {@code logprob} over {@code pairs}. */
  static double meanLogprob(int[] pairs, double[] logprob) {
    double sum = 0;
    for (int p : pairs) sum += logprob[p];
    return sum / pairs.length;
  }
}
