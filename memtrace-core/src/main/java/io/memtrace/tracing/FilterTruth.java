package io.memtrace.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;

/**
 * The embedding filter checked against known translations. In a task whose inputs and outputs are
 * short enough to be n-grams themselves (as the country names), each example's (input, output) is a
 * true pair and an input with another example's output a false one; examples with a side of more
 * than max-n words are left out, and a task with fewer than half of its examples left allows no
 * check. A rule keeps a pair when its cosine exceeds the threshold of the n at which the pair would
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

  /** The pairs to check (seeded), or none when the task's texts are mostly not n-grams. */
  public static List<Labeled> pairs(Task task, int minN, int maxN) {
    List<TaskExample> examples = new ArrayList<>();
    for (TaskExample ex : task.examples()) {
      int x = WordNgrams.wordCount(ex.input());
      int y = WordNgrams.wordCount(ex.tracedOutput());
      if (x >= 1 && x <= maxN && y >= 1 && y <= maxN) examples.add(ex);
    }
    if (examples.size() < 2 || 2 * examples.size() < task.examples().size()) return List.of();
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
