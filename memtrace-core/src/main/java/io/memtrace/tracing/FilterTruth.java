package io.memtrace.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;

/**
 * The embedding filter checked against known translations. In a task whose inputs and outputs are
 * short enough to be n-grams themselves (every one has 1 to max-n words, as the country names),
 * each example's (input, output) is a true pair and an input with another example's output a false
 * one. A rule keeps a pair when its cosine exceeds the threshold of the n at which the pair would
 * be mined: the larger word count of its sides, at least min-n. Pairs whose sides are equal once
 * normalized are left out, as mining leaves them out.
 */
public final class FilterTruth {
  /** False pairs drawn per example. */
  public static final int NEGATIVES_PER_EXAMPLE = 20;

  private FilterTruth() {}

  /** A pair to check, true when both sides come from the same example. */
  public record Labeled(String input, String output, boolean truePair) {}

  /** What one rule kept. */
  public record Result(
      EmbeddingFilter.Rule rule,
      int positives,
      int negatives,
      int keptPositives,
      int keptNegatives) {
    public double precision() {
      int kept = keptPositives + keptNegatives;
      return kept == 0 ? Double.NaN : (double) keptPositives / kept;
    }

    public double recall() {
      return positives == 0 ? Double.NaN : (double) keptPositives / positives;
    }
  }

  /** The pairs to check (seeded), or none when some input or output is longer than max-n words. */
  public static List<Labeled> pairs(Task task, int minN, int maxN) {
    List<TaskExample> examples = task.examples();
    for (TaskExample ex : examples) {
      for (String side : List.of(ex.input(), ex.tracedOutput())) {
        int words = WordNgrams.wordCount(side);
        if (words < 1 || words > maxN) return List.of();
      }
    }
    List<Labeled> out = new ArrayList<>();
    Random random = new Random(0);
    for (int e = 0; e < examples.size(); e++) {
      TaskExample ex = examples.get(e);
      add(out, ex.input(), ex.tracedOutput(), true);
      for (int k = 0; k < NEGATIVES_PER_EXAMPLE && examples.size() > 1; k++) {
        int f = random.nextInt(examples.size() - 1);
        if (f >= e) f++;
        add(out, ex.input(), examples.get(f).tracedOutput(), false);
      }
    }
    return out;
  }

  private static void add(List<Labeled> out, String x, String y, boolean truePair) {
    if (!WordNgrams.normalized(x).equals(WordNgrams.normalized(y))) {
      out.add(new Labeled(x, y, truePair));
    }
  }

  /** Both rules' results on {@code pairs}; empty when there are none. */
  public static List<Result> evaluate(
      int minN,
      List<Labeled> pairs,
      ToDoubleBiFunction<String, String> cosine,
      Map<Integer, EmbeddingFilter.Thresholds> thresholds) {
    if (pairs.isEmpty()) return List.of();
    List<Result> out = new ArrayList<>();
    for (EmbeddingFilter.Rule rule : EmbeddingFilter.Rule.values()) {
      int[] c = new int[4]; // positives, negatives, kept positives, kept negatives
      for (Labeled p : pairs) {
        int n =
            Math.max(
                minN, Math.max(WordNgrams.wordCount(p.input()), WordNgrams.wordCount(p.output())));
        boolean kept = cosine.applyAsDouble(p.input(), p.output()) > thresholds.get(n).of(rule);
        int i = p.truePair() ? 0 : 1;
        c[i]++;
        if (kept) c[i + 2]++;
      }
      out.add(new Result(rule, c[0], c[1], c[2], c[3]));
    }
    return out;
  }
}
