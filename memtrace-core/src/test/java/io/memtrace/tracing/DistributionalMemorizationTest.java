package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.tracing.DistributionalMemorization.Measure;
import io.memtrace.tracing.DistributionalMemorization.Reference;
import io.memtrace.tracing.DistributionalMemorization.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mem_n's units by hand: an output's task-gram value is the mean of its pairs' logs, pairs are
 * ranked one by one, all sizes pool an output found at several n, Mem_inf leaves out outputs of
 * probability 0, subject groups take their examples only. Expected coefficients are computed by
 * hand from the ranks.
 */
class DistributionalMemorizationTest {
  private static TaskGramPair pair(int example, int n, String input, String output, int start) {
    return new TaskGramPair(
        example,
        n,
        new WordNgrams.Ngram(input, n, 0, input.length()),
        new WordNgrams.Ngram(output, n, start, start + output.length()),
        1,
        1,
        1,
        1,
        1,
        1);
  }

  // example 0, n = 2: output A (pairs 0, 1), output B (pair 2); example 1: C at n = 2 (pair 3) and
  // at n = 3 (pairs 4 and 5; 5 repeats pair 3's input)
  private static final List<TaskGramPair> PAIRS =
      List.of(
          pair(0, 2, "x0", "A", 0),
          pair(0, 2, "x1", "A", 0),
          pair(0, 2, "x0", "B", 5),
          pair(1, 2, "x1", "C", 0),
          pair(1, 3, "x2", "C", 0),
          pair(1, 3, "x1", "C", 0));
  private static final double[] TASKGRAM = {-1, -3, -1.5, -0.5, -1.5, -0.5};
  private static final double[] INFGRAM = {-1, Double.NEGATIVE_INFINITY, -2, -2};
  private static final double[] LM = {-10, -20, -5, -5};

  private static Measure find(List<Measure> all, Reference r, Unit u, String group, int n) {
    return all.stream()
        .filter(m -> m.reference() == r && m.unit() == u && m.subjects().equals(group))
        .filter(m -> m.n() == n)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void unitsAggregateAndRankAsDefined() {
    List<TracedOutput> outputs = TracedOutput.of(PAIRS);
    assertThat(outputs)
        .extracting(o -> o.ngram().text() + o.n() + ":" + o.pairs().length)
        .containsExactly("A2:2", "B2:1", "C2:1", "C3:2");
    assertThat(outputs.get(0).taskgramLogprob(TASKGRAM)).isEqualTo(-2);

    List<Measure> all =
        DistributionalMemorization.of(
            PAIRS, outputs, TASKGRAM, INFGRAM, LM, e -> e == 0 ? "knowledge" : null);
    // outputs at n = 2: task-gram -2, -1.5, -0.5 (ranks 1 2 3) vs LM -10, -20, -5 (2 1 3)
    Measure outputsAt2 = find(all, Reference.TASKGRAM, Unit.OUTPUT, "all", 2);
    assertThat(outputsAt2.units()).isEqualTo(3);
    assertThat(outputsAt2.spearman()).isCloseTo(0.5, within(1e-12));
    // tau-b: pairs (A,B) discordant, (A,C) and (B,C) concordant: 1/3
    assertThat(outputsAt2.kendallTau()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(outputsAt2.generalization()).isCloseTo(1.0 / 3, within(1e-12));
    // pairs at n = 2: x ranks 3 1 2 4, LM -10 -10 -20 -5 ranks 2.5 2.5 1 4: r = 3 / sqrt(5 * 4.5)
    assertThat(find(all, Reference.TASKGRAM, Unit.PAIR, "all", 2).spearman())
        .isCloseTo(3 / Math.sqrt(22.5), within(1e-12));
    // all sizes: C pools its distinct inputs x1 (-0.5) and x2 (-1.5): -1, still rank 3
    Measure pooled = find(all, Reference.TASKGRAM, Unit.OUTPUT, "all", 0);
    assertThat(pooled.units()).isEqualTo(3);
    assertThat(pooled.spearman()).isCloseTo(0.5, within(1e-12));
    assertThat(find(all, Reference.TASKGRAM, Unit.PAIR, "all", 0).units()).isEqualTo(5);
    // one unit at n = 3: no correlation
    assertThat(find(all, Reference.TASKGRAM, Unit.OUTPUT, "all", 3).spearman()).isNaN();
    // Mem_inf at n = 2 leaves out B (probability 0): two units, too few for a correlation
    Measure inf = find(all, Reference.INFGRAM, Unit.OUTPUT, "all", 2);
    assertThat(inf.units()).isEqualTo(2);
    assertThat(inf.spearman()).isNaN();
    assertThat(all).noneMatch(m -> m.reference() == Reference.INFGRAM && m.unit() == Unit.PAIR);
    // the knowledge group is example 0: its 3 pairs at n = 2 have centred ranks (1, -1, 0) and
    // (.5, .5, -1), whose products sum to 0
    Measure knowledge = find(all, Reference.TASKGRAM, Unit.PAIR, "knowledge", 2);
    assertThat(knowledge.units()).isEqualTo(3);
    assertThat(knowledge.spearman()).isCloseTo(0, within(1e-12));
    assertThat(find(all, Reference.TASKGRAM, Unit.OUTPUT, "knowledge", 2).units()).isEqualTo(2);
    assertThat(all).extracting(Measure::subjects).containsOnly("all", "knowledge");
  }
}
