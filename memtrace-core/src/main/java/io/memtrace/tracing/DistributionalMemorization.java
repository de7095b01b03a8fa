package io.memtrace.tracing;

import io.memtrace.stats.Correlation;
import io.memtrace.stats.RankCorrelation;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Study B's measures of one model on one task, over its task-gram pairs: distributional
 * memorization Mem_n = Spearman's rho between log P_taskgram(sy | sx) and log P_LLM(sy | x, y
 * before sy) over the pairs of size n, with its p-value; the same rank agreement as Kendall's
 * tau-b, whose normalized distance (1 - tau) / 2 is study B's generalization measure; and Mem_inf,
 * with the infini-gram probability of sy after sx in place of the task-gram model. Pairs whose
 * probability is 0 under the reference model (log = -infinity) are left out of that measure.
 *
 * <p>The measure over all sizes (n = 0) takes each (example, input n-gram, output n-gram) once: a
 * text shorter than n words is one n-gram at every larger n, so short examples repeat their pairs.
 */
public final class DistributionalMemorization {
  private DistributionalMemorization() {}

  /** Which reference model the LM's probabilities are ranked against. */
  public enum Reference {
    TASKGRAM,
    INFGRAM
  }

  /**
   * @param n the n-gram size; 0 for all pairs together
   * @param pairs pairs the measure is taken over
   */
  public record Measure(
      Reference reference,
      int n,
      int pairs,
      double spearman,
      double pValue,
      double kendallTau,
      double generalization) {}

  /**
   * Measures per n and over all pairs, for both references.
   *
   * @param taskgramLogprob log P_taskgram(sy | sx) of each pair
   * @param infgramLogprob log P_inf(sy | sx) of each pair
   * @param lmLogprob log P_LLM of each pair
   */
  public static List<Measure> of(
      List<TaskGramPair> pairs,
      double[] taskgramLogprob,
      double[] infgramLogprob,
      double[] lmLogprob) {
    TreeMap<Integer, Boolean> sizes = new TreeMap<>();
    for (TaskGramPair p : pairs) sizes.put(p.n(), true);
    List<Measure> out = new ArrayList<>();
    for (Reference ref : Reference.values()) {
      double[] reference = ref == Reference.TASKGRAM ? taskgramLogprob : infgramLogprob;
      for (int n : sizes.keySet()) {
        out.add(measure(ref, n, reference, lmLogprob, i -> pairs.get(i).n() == n));
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      boolean[] first = new boolean[pairs.size()];
      for (int i = 0; i < first.length; i++) {
        TaskGramPair p = pairs.get(i);
        first[i] =
            seen.add(p.example() + "\u0000" + p.input().text() + "\u0000" + p.output().text());
      }
      out.add(measure(ref, 0, reference, lmLogprob, i -> first[i]));
    }
    return out;
  }

  private static Measure measure(
      Reference ref, int n, double[] reference, double[] lm, IntPredicate take) {
    int k = 0;
    double[] x = new double[reference.length];
    double[] y = new double[reference.length];
    for (int i = 0; i < reference.length; i++) {
      if (take.test(i) && reference[i] != Double.NEGATIVE_INFINITY) {
        x[k] = reference[i];
        y[k++] = lm[i];
      }
    }
    x = java.util.Arrays.copyOf(x, k);
    y = java.util.Arrays.copyOf(y, k);
    Correlation rho = RankCorrelation.spearman(x, y);
    Correlation tau = RankCorrelation.kendallTau(x, y);
    return new Measure(
        ref, n, k, rho.coefficient(), rho.pValue(), tau.coefficient(), (1 - tau.coefficient()) / 2);
  }
}
