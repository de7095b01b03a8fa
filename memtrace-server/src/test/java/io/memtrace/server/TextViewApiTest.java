package io.memtrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.AnswerJson;
import io.memtrace.index.IndexReader;
import io.memtrace.index.InfiniGram;
import io.memtrace.index.Spans;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.RowScores;
import io.memtrace.model.ScoreOptions;
import io.memtrace.tokens.Tokenizer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text view's answer, token by token, against independent truths: longest matches by counting
 * every n-gram ending at a token, ranks from the model's full sorted distribution.
 */
class TextViewApiTest {
  @TempDir Path dir;

  @Test
  void everyTokensCorpusAndModelStatisticsAreRight() throws Exception {
    try (MemtraceServer server = ServerFixture.start(dir, true);
        IndexReader index = IndexReader.open(dir.resolve("index"));
        Tokenizer tokenizer = index.tokenizer(null);
        LanguageModel lm = LanguageModel.load(ServerFixture.MODEL, 1)) {
      HttpResponse<String> r =
          ServerFixture.post(
              server,
              "/api/text",
              AnswerJson.COMPACT.writeValueAsString(
                  new TextRoutes.Request(ServerFixture.TEXT, null, 4, 2)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode t = AnswerJson.COMPACT.readTree(r.body());
      int[] tokens = tokenizer.encode(ServerFixture.TEXT);
      int n = tokens.length;
      assertThat(t.get("tokens").toString())
          .isEqualTo(AnswerJson.COMPACT.writeValueAsString(tokens));
      assertThat(t.get("infgram").toString())
          .isEqualTo(AnswerJson.COMPACT.writeValueAsString(InfiniGram.sequence(index, tokens)));
      assertThat(t.get("spans").toString())
          .isEqualTo(AnswerJson.COMPACT.writeValueAsString(Spans.of(index, tokens, 4, 0, 2)));

      int longest = 0;
      for (int i = 0; i < n; i++) {
        int length = 0;
        while (length <= i && index.count(Arrays.copyOfRange(tokens, i - length, i + 1)) > 0) {
          length++;
        }
        assertThat(t.get("match").get(i).asInt()).as("match at %d", i).isEqualTo(length);
        long count =
            length == 0 ? 0 : index.count(Arrays.copyOfRange(tokens, i + 1 - length, i + 1));
        assertThat(t.get("match_count").get(i).asLong()).as("count at %d", i).isEqualTo(count);
        longest = Math.max(longest, length);
      }
      // " committee approved the report on " is copied from the first document.
      assertThat(longest).isGreaterThanOrEqualTo(" committee approved the report on ".length());

      JsonNode m = t.get("models").get(0);
      assertThat(m.get("model").asText()).isEqualTo("pythia-tiny");
      RowScores s =
          lm.score(new int[][] {tokens}, ScoreOptions.DEFAULT.withTopK(lm.vocabSize()))[0];
      for (int i = 0; i < n - 1; i++) {
        int truth = tokens[i + 1];
        int rank = 1;
        while (s.topIds()[i][rank - 1] != truth) rank++;
        assertThat(m.get("rank").get(i).asInt()).as("rank at %d", i).isEqualTo(rank);
        assertThat(m.get("probability").get(i).asDouble())
            .isCloseTo(Math.exp(s.targetLogprob()[i]), within(1e-6));
        assertThat(m.get("greedy").get(i).asInt()).isEqualTo(s.argmax()[i]);
        assertThat(m.get("entropy").get(i).asDouble()).isCloseTo(s.entropy()[i], within(1e-5));
      }
    }
  }

  @Test
  void aTextLongerThanTheModelsPositionsIsRefusedWithItsReason() throws Exception {
    try (MemtraceServer server = ServerFixture.start(dir, true)) {
      HttpResponse<String> r =
          ServerFixture.post(
              server,
              "/api/text",
              AnswerJson.COMPACT.writeValueAsString(
                  new TextRoutes.Request("x".repeat(80), null, null, null)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(AnswerJson.COMPACT.readTree(r.body()).get("error").asText()).contains("64");
    }
  }
}
