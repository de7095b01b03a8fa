package io.memtrace.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The null distribution and its quantile, and the truth check of both rules, by hand. */
class EmbeddingFilterTest {
  @Test
  void quantileIsTheNearestRankLeavingOutNaN() {
    double[] c = {0.5, 0.1, Double.NaN, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 1.0};
    // ten values 0.1..1.0: the 0.9 quantile is the 9th, the 0.95 quantile the 10th
    assertThat(EmbeddingFilter.quantile(c, 0.1)).isEqualTo(0.9);
    assertThat(EmbeddingFilter.quantile(c, 0.05)).isEqualTo(1.0);
    assertThat(EmbeddingFilter.quantile(c, 0.5)).isEqualTo(0.5);
    assertThat(EmbeddingFilter.quantile(new double[] {Double.NaN}, 0.05)).isNaN();
  }

  @Test
  void nullPairsComeFromTwoDifferentExamples() {
    List<String> inputs = List.of("alpha beta", "gamma delta", "epsilon", "");
    List<String> outputs = List.of("eins zwei", "drei vier", "", "fünf");
    List<List<WordNgrams.Ngram>> xs = new ArrayList<>();
    List<List<WordNgrams.Ngram>> ys = new ArrayList<>();
    for (int e = 0; e < inputs.size(); e++) {
      xs.add(WordNgrams.of(inputs.get(e), 1, Optional.empty()));
      ys.add(WordNgrams.of(outputs.get(e), 1, Optional.empty()));
    }
    List<String[]> pairs = EmbeddingFilter.nullPairs(1, xs, ys);
    assertThat(pairs).hasSize(EmbeddingFilter.NULL_PAIRS);
    Map<String, Integer> exampleOf =
        Map.of(
            "alpha", 0, "beta", 0, "gamma", 1, "delta", 1, "epsilon", 2, "eins", 0, "zwei", 0,
            "drei", 1, "vier", 1, "fünf", 3);
    assertThat(pairs).allMatch(p -> !exampleOf.get(p[0]).equals(exampleOf.get(p[1])));
    // every input word and every output word is drawn, and the draw is repeatable
    assertThat(pairs.stream().map(p -> p[0]).distinct()).hasSize(5);
    assertThat(pairs.stream().map(p -> p[1]).distinct()).hasSize(5);
    assertThat(EmbeddingFilter.nullPairs(1, xs, ys))
        .usingElementComparator((a, b) -> a[0].equals(b[0]) && a[1].equals(b[1]) ? 0 : 1)
        .containsExactlyElementsOf(pairs);
    // one example alone has no null
    assertThat(EmbeddingFilter.nullPairs(1, xs.subList(0, 1), ys.subList(0, 1))).isEmpty();
  }

  @Test
  void truthLabelsOwnTranslationsAndCountsWhatEachRuleKeeps() {
    Task task =
        Task.of(
            "t",
            Task.Kind.TRANSLATION,
            "en",
            "de",
            List.of(
                new TaskExample("a", "Germany", "Deutschland"),
                new TaskExample("b", "United Kingdom", "Vereinigtes Königreich"),
                new TaskExample("c", "Angola", "Angola")));
    List<FilterTruth.Labeled> pairs = FilterTruth.pairs(task, 2, 3);
    // Angola's own pair is left out (equal sides), its false pairs stay
    assertThat(pairs.stream().filter(FilterTruth.Labeled::truePair))
        .extracting(p -> p.input() + "|" + p.output())
        .containsExactly("Germany|Deutschland", "United Kingdom|Vereinigtes Königreich");
    assertThat(pairs.stream().filter(p -> !p.truePair()))
        .hasSize(3 * FilterTruth.NEGATIVES_PER_EXAMPLE)
        .allMatch(
            p ->
                !task.examples().stream()
                    .anyMatch(e -> e.input().equals(p.input()) && e.output().equals(p.output())));
    // a cosine of 0.9 for true pairs and 0.5 for false ones; at n = 2 the calibrated threshold is
    // 0.6 and the absolute 0.4, at n = 3 both 0.95 (nothing passes there)
    var thresholds =
        Map.of(
            2, new EmbeddingFilter.Thresholds(2, 100, 0.6, 0.4),
            3, new EmbeddingFilter.Thresholds(3, 100, 0.95, 0.95));
    List<FilterTruth.Result> results =
        FilterTruth.evaluate(
            2,
            pairs,
            (x, y) ->
                pairs.stream()
                        .anyMatch(p -> p.truePair() && p.input().equals(x) && p.output().equals(y))
                    ? 0.9
                    : 0.5,
            thresholds);
    FilterTruth.Result calibrated = results.get(0);
    FilterTruth.Result absolute = results.get(1);
    assertThat(calibrated.rule()).isEqualTo(EmbeddingFilter.Rule.CALIBRATED);
    // every pair is mined at n = 2 (no side has more than 2 words)
    assertThat(calibrated.keptPositives()).isEqualTo(2);
    assertThat(calibrated.keptNegatives()).isZero();
    assertThat(calibrated.precision()).isEqualTo(1);
    assertThat(absolute.keptNegatives()).isEqualTo(calibrated.negatives());
    assertThat(absolute.precision()).isEqualTo(2.0 / (2 + absolute.negatives()));
    assertThat(absolute.recall()).isEqualTo(1);
    // at max-n 1 only Germany and Angola fit: Angola's pairs are false ones, Germany's true one
    assertThat(FilterTruth.pairs(task, 1, 1))
        .extracting(p -> p.input() + "|" + p.output() + "|" + p.truePair())
        .containsOnly(
            "Germany|Deutschland|true", "Germany|Angola|false", "Angola|Deutschland|false");
    // a task whose texts are mostly longer than max-n words allows no check
    Task sentences =
        Task.of(
            "s",
            Task.Kind.TRANSLATION,
            "en",
            "de",
            List.of(
                new TaskExample("a", "the house is red", "das Haus ist rot"),
                new TaskExample("b", "the cat sleeps now", "die Katze schläft jetzt"),
                new TaskExample("c", "Germany", "Deutschland")));
    assertThat(FilterTruth.pairs(sentences, 1, 2)).isEmpty();
  }
}
