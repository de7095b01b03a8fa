package io.memtrace.studies.tracing;

import io.memtrace.tracing.Task;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Study B's cosine thresholds gamma per n-gram size: the paper's per task kind (translation
 * .85/.85/.8/.75/.7 for n = 1..5, others .75/.75/.75/.7/.65; n = 1 takes n = 2's), then the user's
 * overrides in order.
 */
public final class Thresholds {
  private Thresholds() {}

  /** A user's threshold: for one n, or for every n when {@code n} is null. */
  public record Override(Integer n, double cosine) {}

  public static Map<Integer, Double> of(
      Task.Kind kind, int minN, int maxN, List<Override> overrides) {
    double[] paper =
        kind == Task.Kind.TRANSLATION
            ? new double[] {.85, .85, .8, .75, .7}
            : new double[] {.75, .75, .75, .7, .65};
    Map<Integer, Double> g = new TreeMap<>();
    for (int k = minN; k <= maxN; k++) g.put(k, paper[Math.min(k, 5) - 1]);
    for (Override o : overrides) {
      if (o.n() == null) g.replaceAll((k, old) -> o.cosine());
      else g.put(o.n(), o.cosine());
    }
    return g;
  }
}
