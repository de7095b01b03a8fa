package io.memtrace.memorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.model.LanguageModel;
import io.memtrace.tokens.Tokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loss, zlib ratio, min-k% and min-k%++ of a few texts against golden values of the reference
 * engine in float64 and Python's zlib ({@code tools/membership_fixtures.py}), both through the
 * scores' own pass and through the teacher-forced pass memorize runs.
 */
class MembershipScoresTest {
  @Test
  void scoresMatchTheReferenceEngine() throws Exception {
    JsonNode golden =
        new ObjectMapper()
            .readTree(getClass().getResource("/io/memtrace/memorization/membership_golden.json"));
    double k = golden.get("k").asDouble();
    assertThat(k).isEqualTo(MembershipScores.DEFAULT_K);
    JsonNode rows = golden.get("rows");
    int n = rows.size();
    int[][] tokens = new int[n][];
    for (int r = 0; r < n; r++) {
      JsonNode ids = rows.get(r).get("tokens");
      tokens[r] = new int[ids.size()];
      for (int i = 0; i < ids.size(); i++) tokens[r][i] = ids.get(i).asInt();
    }
    try (LanguageModel lm = LanguageModel.load(MemorizerTest.model("pythia-tiny"), 2);
        Tokenizer tok = Tokenizer.load(MemorizerTest.model("pythia-tiny"))) {
      LogprobMoments moments = LogprobMoments.of(lm, tokens);
      for (int r = 0; r < n; r++) {
        JsonNode want = rows.get(r);
        String text = tok.decode(tokens[r]);
        assertThat(text).isEqualTo(want.get("text").asText());
        MembershipScores got = MembershipScores.of(moments, r, tokens[r].length, text, k);
        check(got, want, "row " + r);
        assertThat(got.loss() / got.zlibRatio())
            .as("zlib bytes, row %d", r)
            .isCloseTo(want.get("zlib_bytes").asDouble(), within(1e-9));
      }
      // memorize's pass: EOS suppressed for the continuation, scores of the model's own logits.
      // Each row scored with C = 4 and L = its remaining length, so the window is the whole text.
      for (int r = 0; r < n; r++) {
        int c = 4;
        int l = tokens[r].length - c;
        RowMemorization m =
            new Memorizer(lm, lm.config().eosTokenIds(), 0, tok::decode)
                .run(new long[] {r}, new int[][] {tokens[r]}, c, l)[0];
        check(m.membership(), rows.get(r), "memorize, row " + r);
      }
    }
  }

  @Test
  void lowestMeanTakesTheFloorOfKTimesNValuesAndAtLeastOne() {
    double[] v = {5, -1, 3, -7, 2, 0, 9, -2, 4, 1};
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    for (double k : List.of(0.05, 0.2, 0.35, 1.0)) {
      int take = Math.max(1, (int) Math.floor(k * v.length));
      double sum = 0;
      for (int i = 0; i < take; i++) sum += sorted[i];
      assertThat(MembershipScores.lowestMean(v, k)).as("k %s", k).isEqualTo(sum / take);
    }
  }

  private static void check(MembershipScores got, JsonNode want, String what) {
    assertThat(got.loss())
        .as("loss, %s", what)
        .isCloseTo(want.get("loss").asDouble(), within(1e-4));
    assertThat(got.zlibRatio())
        .as("zlib ratio, %s", what)
        .isCloseTo(want.get("zlib_ratio").asDouble(), within(1e-5));
    assertThat(got.minK())
        .as("min-k, %s", what)
        .isCloseTo(want.get("min_k").asDouble(), within(1e-4));
    assertThat(got.minKPlusPlus())
        .as("min-k++, %s", what)
        .isCloseTo(want.get("min_k_plus_plus").asDouble(), within(1e-4));
  }
}
