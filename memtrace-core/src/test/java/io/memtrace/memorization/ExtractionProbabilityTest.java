package io.memtrace.memorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.model.LanguageModel;
import io.memtrace.model.ScoreOptions;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The extraction probability from one teacher-forced pass against Monte Carlo: seeded sampling from
 * the tiny fixture model's full softmax (or its top k, renormalized) reproduces the continuation as
 * often as the computed probability says, within three standard errors; and the samples needed for
 * probability p against the smallest n found by counting up.
 */
class ExtractionProbabilityTest {
  private static final int SAMPLES = 40_000;

  @ParameterizedTest
  @ValueSource(ints = {0, 3})
  void monteCarloSamplingAgreesWithTheComputedProbability(int topK) throws Exception {
    int c = 6;
    int l = 4;
    try (LanguageModel lm = LanguageModel.load(MemorizerTest.model("pythia-tiny"), 1)) {
      int vocab = lm.vocabSize();
      SplittableRandom random = new SplittableRandom(7 + topK);
      int n = 12;
      int[][] rows = new int[n][];
      for (int r = 0; r < n; r++) {
        rows[r] = new int[c + l];
        for (int j = 0; j < c; j++) rows[r][j] = 1 + random.nextInt(vocab - 1);
        // The continuation is sampled from the model itself, so its probability is not tiny (the
        // pass reads token j only as the target of position j - 1, not yet drawn: 0 there).
        for (int j = c; j < c + l; j++) {
          double[][] cdf = cumulative(logitsAt(lm, Arrays.copyOf(rows[r], j + 1))[j - 1], topK);
          rows[r][j] = draw(cdf, random.nextDouble());
        }
      }
      long[] ids = new long[n];
      int uncertain = 0;
      RowMemorization[] scored =
          new Memorizer(lm, List.of(), topK, Arrays::toString).run(ids, rows, c, l);
      for (int r = 0; r < n; r++) {
        float[][] logits = logitsAt(lm, rows[r]);
        double[][][] cdfs = new double[l][][];
        for (int j = 0; j < l; j++) cdfs[j] = cumulative(logits[c - 1 + j], topK);
        long hits = 0;
        for (int s = 0; s < SAMPLES; s++) {
          int j = 0;
          while (j < l && draw(cdfs[j], random.nextDouble()) == rows[r][c + j]) j++;
          if (j == l) hits++;
        }
        double q =
            Math.exp(topK == 0 ? scored[r].extractionLogprob() : scored[r].extractionTopKLogprob());
        double se = Math.sqrt(q * (1 - q) / SAMPLES);
        if (q > 0.01 && q < 0.99) uncertain++;
        assertThat((double) hits / SAMPLES)
            .as("row %d, q = %g, top-k %d", r, q, topK)
            .isCloseTo(q, org.assertj.core.data.Offset.offset(3 * se + 1e-12));
        if (topK == 0) assertThat(scored[r].extractionTopKLogprob()).isNaN();
      }
      assertThat(uncertain).as("rows whose sampling may fail or succeed").isGreaterThanOrEqualTo(3);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.9, 0.99})
  void samplesNeededIsTheSmallestCountThatReachesP(double p) {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 300; i++) {
      double q = Math.exp(-random.nextDouble() * 9); // 1.2e-4 .. 1
      long n = 1;
      while (1 - Math.pow(1 - q, n) < p) n++;
      assertThat(ExtractionProbability.samplesNeeded(Math.log(q), p)).as("q = %g", q).isEqualTo(n);
      assertThat(ExtractionProbability.extractable(Math.log(q), n, p)).isTrue();
      assertThat(ExtractionProbability.extractable(Math.log(q), n - 1, p)).isFalse();
    }
    assertThat(ExtractionProbability.samplesNeeded(Double.NEGATIVE_INFINITY, p))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(ExtractionProbability.samplesNeeded(0, p)).isEqualTo(1);
  }

  /** The raw logits of positions 0..T-2 of {@code row}, one pass. */
  private static float[][] logitsAt(LanguageModel lm, int[] row) {
    float[][] out = new float[row.length][];
    lm.score(
        new int[][] {row},
        ScoreOptions.DEFAULT.withLogits(
            (r, pos, x, off, v) -> out[pos] = Arrays.copyOfRange(x, off, off + v)));
    return out;
  }

  /**
   * {ids, cumulative probabilities} of the softmax of {@code logits}, over the {@code topK} largest
   * (renormalized) or all when 0.
   */
  private static double[][] cumulative(float[] logits, int topK) {
    Integer[] order = new Integer[logits.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
    int k = topK == 0 ? logits.length : topK;
    double[] ids = new double[k];
    double[] cum = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      ids[i] = order[i];
      total += Math.exp(logits[order[i]] - (double) logits[order[0]]);
      cum[i] = total;
    }
    for (int i = 0; i < k; i++) cum[i] /= total;
    return new double[][] {ids, cum};
  }

  private static int draw(double[][] cdf, double u) {
    int i = 0;
    while (i < cdf[1].length - 1 && cdf[1][i] <= u) i++;
    return (int) cdf[0][i];
  }
}
