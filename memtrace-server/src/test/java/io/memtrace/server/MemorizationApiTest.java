package io.memtrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.AnswerJson;
import io.memtrace.tokens.TokenStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memorization browser's API filters, sorts and pages the rows the fixture wrote. */
class MemorizationApiTest {
  @TempDir Path dir;

  @Test
  void filtersSortsAndPagesTheScoredRows() throws Exception {
    try (MemtraceServer server = ServerFixture.start(dir, false)) {
      JsonNode choices = ok(server, "/api/memorization/choices");
      assertThat(choices.toString())
          .isEqualTo(
              "{\"models\":[\"other\",\"pythia-tiny\"],\"steps\":[],\"contexts\":[8,16],"
                  + "\"continuations\":[4]}");

      JsonNode all = ok(server, "/api/memorization?limit=100");
      assertThat(all.get("total").asLong())
          .isEqualTo(
              (long) ServerFixture.MODELS.size()
                  * ServerFixture.CONTEXTS.length
                  * ServerFixture.ROWS);

      // pythia-tiny at C = 16 with a score of at least 0.5, by row ascending.
      JsonNode page =
          ok(
              server,
              "/api/memorization?model=pythia-tiny&context=16&min_score=0.5&sort=row&order=asc&limit=3&from=1");
      long expected = 0;
      StringBuilder rows = new StringBuilder();
      for (int row = 0; row < ServerFixture.ROWS; row++) {
        if (ServerFixture.matches(0, 16, row) >= 2) {
          if (expected >= 1 && expected <= 3) rows.append(row).append(',');
          expected++;
        }
      }
      assertThat(page.get("total").asLong()).isEqualTo(expected);
      StringBuilder got = new StringBuilder();
      page.get("rows").forEach(r -> got.append(r.get("row").asLong()).append(','));
      assertThat(got.toString()).isEqualTo(rows.toString());
      page.get("rows")
          .forEach(r -> assertThat(r.get("score").asDouble()).isGreaterThanOrEqualTo(0.5));

      HttpResponse<String> bad = ServerFixture.get(server, "/api/memorization?sort=nothing");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(AnswerJson.COMPACT.readTree(bad.body()).get("error").asText())
          .startsWith("sort 'nothing'");
      assertThat(ServerFixture.get(server, "/api/memorization?max_score=2").statusCode())
          .isEqualTo(400);
    }
  }

  @Test
  void aTrainingRowComesWithItsTokensAndEveryModelsScores() throws Exception {
    try (MemtraceServer server = ServerFixture.start(dir, false);
        TokenStore store = TokenStore.open(dir.resolve("store"))) {
      int row = 2;
      JsonNode answer = ok(server, "/api/row?model=other&row=" + row);
      int[] sequence = store.sequence(row);
      int length = Math.min(sequence.length, 16 + ServerFixture.CONTINUATION);
      assertThat(answer.get("tokens").toString())
          .isEqualTo(Arrays.toString(Arrays.copyOf(sequence, length)).replace(" ", ""));
      assertThat(answer.get("duplicates").asInt()).isEqualTo(row % 3);
      // Both models (they scored the same store), each context.
      StringBuilder expected = new StringBuilder();
      for (int m = 0; m < ServerFixture.MODELS.size(); m++) {
        for (int context : ServerFixture.CONTEXTS) {
          expected.append(
              "%s C=%d matches=%d;"
                  .formatted(
                      ServerFixture.MODELS.get(m),
                      context,
                      ServerFixture.matches(m, context, row)));
        }
      }
      StringBuilder got = new StringBuilder();
      answer
          .get("scores")
          .forEach(
              s ->
                  got.append(
                      "%s C=%d matches=%d;"
                          .formatted(
                              s.get("model").asText(),
                              s.get("context").asInt(),
                              s.get("matches").asInt())));
      assertThat(sorted(got)).isEqualTo(sorted(expected));

      HttpResponse<String> past = ServerFixture.get(server, "/api/row?model=other&row=7");
      assertThat(past.statusCode()).isEqualTo(400);
      assertThat(past.body()).contains("row 7: expected a row of");
      assertThat(ServerFixture.get(server, "/api/row?model=nobody&row=1").body())
          .contains("model 'nobody'");
      // The browser filters by copies in the training rows.
      JsonNode copies = ok(server, "/api/memorization?min_duplicates=2&limit=100");
      copies.get("rows").forEach(r -> assertThat(r.get("duplicates").asInt()).isEqualTo(2));
      assertThat(copies.get("total").asLong())
          .isEqualTo(
              (long) ServerFixture.MODELS.size()
                  * ServerFixture.CONTEXTS.length
                  * java.util.stream.IntStream.range(0, ServerFixture.ROWS)
                      .filter(r -> r % 3 == 2)
                      .count());
    }
  }

  private static String sorted(CharSequence entries) {
    return String.join(";", new java.util.TreeSet<>(List.of(entries.toString().split(";"))));
  }

  private static JsonNode ok(MemtraceServer server, String pathAndQuery) throws Exception {
    HttpResponse<String> r = ServerFixture.get(server, pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return AnswerJson.COMPACT.readTree(r.body());
  }
}
