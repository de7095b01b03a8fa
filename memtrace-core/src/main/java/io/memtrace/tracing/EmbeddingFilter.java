package io.memtrace.tracing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Study B keeps a task-gram pair when its two n-grams mean the same: their sentence embeddings'
 * cosine exceeds a threshold gamma for n. The paper's absolute thresholds were tuned for its
 * encoders (LASER, multilingual-e5); another encoder's cosines sit elsewhere (the bundled
 * English-only e5-small puts almost every pair of short texts in 0.7-1.0), so by default gamma is
 * calibrated per n against a null distribution: the cosines of n-gram pairs drawn from two
 * different examples of the same task, which are unrelated but alike in length, language and
 * domain. A pair is kept when its cosine exceeds the null's (1 - q) quantile, so about a share q of
 * unrelated pairs would pass.
 */
public final class EmbeddingFilter {
  /** Null pairs drawn per n. */
  public static final int NULL_PAIRS = 2000;

  private EmbeddingFilter() {}

  /** Which threshold decides. */
  public enum Rule {
    /** Above the (1 - q) quantile of the null cosines of that n. */
    CALIBRATED,
    /** Above the given absolute gamma of that n (the paper's by default). */
    ABSOLUTE
  }

  /**
   * @param absolute gamma per n for {@link Rule#ABSOLUTE}
   * @param nullQuantile q for {@link Rule#CALIBRATED}
   */
  public record Settings(Rule rule, Map<Integer, Double> absolute, double nullQuantile) {
    public Settings {
      if (!(nullQuantile > 0 && nullQuantile < 1)) {
        throw new IllegalArgumentException("null quantile must lie in (0, 1): " + nullQuantile);
      }
      absolute = Map.copyOf(absolute);
    }
  }

  /**
   * Both rules' thresholds at one n. With fewer than two examples holding n-grams of that size
   * there is no null: {@code nullPairs} is 0 and the calibrated threshold falls back to the
   * absolute one.
   */
  public record Thresholds(int n, int nullPairs, double calibrated, double absolute) {
    public double of(Rule rule) {
      return rule == Rule.CALIBRATED ? calibrated : absolute;
    }
  }

  /**
   * The null pairs at {@code n}: an input n-gram of one example and an output n-gram of another,
   * drawn uniformly (seeded by n, so a rerun draws the same).
   *
   * @param inputs each example's input n-grams at n
   * @param outputs each example's output n-grams at n
   */
  public static List<String[]> nullPairs(
      int n, List<List<WordNgrams.Ngram>> inputs, List<List<WordNgrams.Ngram>> outputs) {
    List<Integer> withInput = new ArrayList<>();
    List<Integer> withOutput = new ArrayList<>();
    for (int e = 0; e < inputs.size(); e++) {
      if (!inputs.get(e).isEmpty()) withInput.add(e);
      if (!outputs.get(e).isEmpty()) withOutput.add(e);
    }
    List<String[]> out = new ArrayList<>();
    boolean onlyOneExample =
        withInput.size() == 1 && withOutput.size() == 1 && withInput.equals(withOutput);
    if (withInput.isEmpty() || withOutput.isEmpty() || onlyOneExample) return out;
    Random random = new Random(n);
    for (int tries = 0; out.size() < NULL_PAIRS && tries < 20 * NULL_PAIRS; tries++) {
      int e = withInput.get(random.nextInt(withInput.size()));
      int f = withOutput.get(random.nextInt(withOutput.size()));
      if (e == f) continue;
      List<WordNgrams.Ngram> xs = inputs.get(e);
      List<WordNgrams.Ngram> ys = outputs.get(f);
      out.add(
          new String[] {
            xs.get(random.nextInt(xs.size())).text(), ys.get(random.nextInt(ys.size())).text()
          });
    }
    return out;
  }

  /** The (1 - q) quantile of {@code cosines} by nearest rank; NaN cosines are left out. */
  public static double quantile(double[] cosines, double q) {
    double[] c = Arrays.stream(cosines).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (c.length == 0) return Double.NaN;
    int rank = (int) Math.ceil((1 - q) * c.length);
    return c[Math.max(0, Math.min(c.length, rank) - 1)];
  }
}
