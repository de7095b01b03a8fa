package io.memtrace.tracing;

import io.memtrace.stats.Correlation;
import io.memtrace.stats.RankCorrelation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * Study B's measures of one model on one task: distributional memorization Mem_n = Spearman's rho
 * between a reference model's log-probability and the LM's, log P_LLM(sy | task text before sy),
 * with its p-value; the same rank agreement as Kendall's tau-b, whose normalized distance (1 - tau)
 * / 2 is study B's generalization measure.
 *
 * <p>References: the task-gram LM ({@link Reference#TASKGRAM}) and the infini-gram model of the
 * task text before sy ({@link Reference#INFGRAM}, Mem_inf). Units: one value per (example, sy) with
 * the task-gram probabilities of its pairs aggregated by their geometric mean ({@link Unit#OUTPUT},
 * the paper's released code and its figures), or one per pair (sx, sy) ({@link Unit#PAIR},
 * task-gram only: the infini-gram probability does not depend on sx). A unit whose reference
 * probability is 0 (log = -infinity) is left out of that measure.
 *
 * <p>The measure over all sizes (n = 0) pools the units of every n: an output n-gram at the same
 * place of the same example is one unit (a text shorter than n words is one n-gram at every larger
 * n), with its distinct pairs.
 */
public final class DistributionalMemorization {
  private DistributionalMemorization() {}

  /** Which reference model the LM's probabilities are ranked against. */
  public enum Reference {
    TASKGRAM,
    INFGRAM
  }

  /** What one ranked value stands for. */
  public enum Unit {
    OUTPUT,
    PAIR
  }

  /** The subject group of every example in one measure. */
  public static final String ALL = "all";

  /**
   * @param subjects {@link #ALL}, or the subject group the examples were taken from (MMLU's
   *     "knowledge" or "reasoning")
   * @param n the n-gram size; 0 for all sizes together
   * @param units values ranked
   */
  public record Measure(
      Reference reference,
      Unit unit,
      String subjects,
      int n,
      int units,
      double spearman,
      double pValue,
      double kendallTau,
      double generalization) {}

  /** A ranked unit: the pairs it aggregates and the output it takes its LM value from. */
  private record Ranked(int example, int[] pairs, int output) {}

  /**
   * Every measure: per reference and unit, per subject group (all examples, then each group that
   * {@code groupOf} names), per n and over all sizes.
   *
   * @param pairLogprob log P_taskgram(sy | sx) of each pair
   * @param infgramLogprob log P_inf of each output as Mem_inf ranks it
   * @param lmLogprob log P_LLM of each output
   * @param groupOf the subject group of an example, or null
   */
  public static List<Measure> of(
      List<TaskGramPair> pairs,
      List<TracedOutput> outputs,
      double[] pairLogprob,
      double[] infgramLogprob,
      double[] lmLogprob,
      IntFunction<String> groupOf) {
    TreeSet<Integer> sizes = new TreeSet<>();
    TreeSet<String> groups = new TreeSet<>();
    for (TracedOutput o : outputs) {
      sizes.add(o.n());
      if (groupOf.apply(o.example()) != null) groups.add(groupOf.apply(o.example()));
    }
    Map<Integer, List<Ranked>> byOutput = new LinkedHashMap<>();
    Map<Integer, List<Ranked>> byPair = new LinkedHashMap<>();
    for (int n : sizes) {
      byOutput.put(n, new ArrayList<>());
      byPair.put(n, new ArrayList<>());
    }
    for (int o = 0; o < outputs.size(); o++) {
      TracedOutput out = outputs.get(o);
      byOutput.get(out.n()).add(new Ranked(out.example(), out.pairs(), o));
      for (int p : out.pairs())
        byPair.get(out.n()).add(new Ranked(out.example(), new int[] {p}, o));
    }
    byOutput.put(0, pooledOutputs(pairs, outputs));
    byPair.put(0, pooledPairs(pairs, outputs));

    List<String> subjectGroups = new ArrayList<>(List.of(ALL));
    subjectGroups.addAll(groups);
    List<Measure> out = new ArrayList<>();
    for (String group : subjectGroups) {
      for (var e : byOutput.entrySet()) {
        List<Ranked> units = inGroup(e.getValue(), group, groupOf);
        out.add(
            measure(
                Reference.TASKGRAM,
                Unit.OUTPUT,
                group,
                e.getKey(),
                units,
                u -> TracedOutput.meanLogprob(u.pairs(), pairLogprob),
                lmLogprob));
        out.add(
            measure(
                Reference.INFGRAM,
                Unit.OUTPUT,
                group,
                e.getKey(),
                units,
                u -> infgramLogprob[u.output()],
                lmLogprob));
      }
      for (var e : byPair.entrySet()) {
        out.add(
            measure(
                Reference.TASKGRAM,
                Unit.PAIR,
                group,
                e.getKey(),
                inGroup(e.getValue(), group, groupOf),
                u -> pairLogprob[u.pairs()[0]],
                lmLogprob));
      }
    }
    return out;
  }

  private static List<Ranked> inGroup(List<Ranked> units, String group, IntFunction<String> of) {
    if (group.equals(ALL)) return units;
    return units.stream().filter(u -> group.equals(of.apply(u.example()))).toList();
  }

  /** Outputs at the same place of the same example across n: one unit with its distinct pairs. */
  private static List<Ranked> pooledOutputs(List<TaskGramPair> pairs, List<TracedOutput> outputs) {
    Map<String, Integer> first = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> pooled = new LinkedHashMap<>();
    for (int o = 0; o < outputs.size(); o++) {
      TracedOutput out = outputs.get(o);
      String key = out.example() + "\u0000" + out.ngram().start() + "\u0000" + out.ngram().text();
      first.putIfAbsent(key, o);
      Map<String, Integer> inputs = pooled.computeIfAbsent(key, k -> new LinkedHashMap<>());
      for (int p : out.pairs()) inputs.putIfAbsent(pairs.get(p).input().text(), p);
    }
    List<Ranked> units = new ArrayList<>();
    for (var e : first.entrySet()) {
      int[] distinct =
          pooled.get(e.getKey()).values().stream().mapToInt(Integer::intValue).toArray();
      units.add(new Ranked(outputs.get(e.getValue()).example(), distinct, e.getValue()));
    }
    return units;
  }

  /** Pairs across n: each (example, input n-gram, output n-gram) once. */
  private static List<Ranked> pooledPairs(List<TaskGramPair> pairs, List<TracedOutput> outputs) {
    Map<String, Ranked> first = new LinkedHashMap<>();
    for (int o = 0; o < outputs.size(); o++) {
      for (int p : outputs.get(o).pairs()) {
        TaskGramPair t = pairs.get(p);
        String key = t.example() + "\u0000" + t.input().text() + "\u0000" + t.output().text();
        first.putIfAbsent(key, new Ranked(t.example(), new int[] {p}, o));
      }
    }
    return List.copyOf(first.values());
  }

  private static Measure measure(
      Reference ref,
      Unit unit,
      String group,
      int n,
      List<Ranked> units,
      ToDoubleFunction<Ranked> reference,
      double[] lm) {
    double[] x = new double[units.size()];
    double[] y = new double[units.size()];
    int k = 0;
    for (Ranked u : units) {
      double r = reference.applyAsDouble(u);
      if (r != Double.NEGATIVE_INFINITY) {
        x[k] = r;
        y[k++] = lm[u.output()];
      }
    }
    x = Arrays.copyOf(x, k);
    y = Arrays.copyOf(y, k);
    Correlation rho = RankCorrelation.spearman(x, y);
    Correlation tau = RankCorrelation.kendallTau(x, y);
    return new Measure(
        ref,
        unit,
        group,
        n,
        k,
        rho.coefficient(),
        rho.pValue(),
        tau.coefficient(),
        (1 - tau.coefficient()) / 2);
  }
}
