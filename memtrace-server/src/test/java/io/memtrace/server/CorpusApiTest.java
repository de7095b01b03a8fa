package io.memtrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.AnswerJson;
import io.memtrace.index.Cooccurrence;
import io.memtrace.index.CooccurrencePages;
import io.memtrace.index.IndexAnswers;
import io.memtrace.index.IndexReader;
import io.memtrace.index.InfiniGram;
import io.memtrace.index.NextTokens;
import io.memtrace.tokens.Tokenizer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus endpoints answer what the index library answers for the same query, in the shape the
 * command line prints with {@code --json}; refused requests get a JSON error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusApiTest {
  @TempDir static Path dir;
  MemtraceServer server;
  IndexReader index;
  Tokenizer tokenizer;

  @BeforeAll
  void start() throws Exception {
    server = ServerFixture.start(dir, false);
    index = IndexReader.open(dir.resolve("index"));
    tokenizer = index.tokenizer(null);
  }

  @AfterAll
  void stop() throws Exception {
    tokenizer.close();
    index.close();
    server.close();
  }

  /** The body of a successful answer. */
  private String ok(String pathAndQuery) throws Exception {
    HttpResponse<String> r = ServerFixture.get(server, pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Server-Timing").orElseThrow()).startsWith("query;dur=");
    return r.body();
  }

  private static JsonNode tree(String json) throws Exception {
    return AnswerJson.COMPACT.readTree(json);
  }

  /** The library's answer as the command line's --json writes it, less the indentation. */
  private static String json(Object answer) throws Exception {
    return AnswerJson.COMPACT.writeValueAsString(answer);
  }

  private static String text(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String ids(int[] tokens) {
    return Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  @Test
  void countNtdInfgramAndCooccurrenceAreTheLibrarysAnswers() throws Exception {
    int[] report = tokenizer.encode(" report");
    int[] committee = tokenizer.encode(" committee");
    assertThat(index.count(report)).isEqualTo(3);

    assertThat(ok("/api/count?documents=true&text=" + text(" report")))
        .isEqualTo(json(IndexAnswers.count(index, report, true)));
    assertThat(
            tree(ok("/api/count?documents=true&text=" + text(" report"))).get("documents").asLong())
        .isEqualTo(3);
    assertThat(ok("/api/ntd?top=5&tokens=" + ids(tokenizer.encode(" the"))))
        .isEqualTo(
            json(
                IndexAnswers.ntd(
                    index,
                    tokenizer.encode(" the"),
                    5,
                    NextTokens.EXACT_LIMIT,
                    NextTokens.SAMPLES)));
    assertThat(ok("/api/infgram?text=" + text(ServerFixture.TEXT)))
        .isEqualTo(json(InfiniGram.sequence(index, tokenizer.encode(ServerFixture.TEXT))));
    assertThat(ok("/api/cooccur?a_text=" + text(" report") + "&b_text=" + text(" committee")))
        .isEqualTo(json(Cooccurrence.documents(index, report, committee)));
    assertThat(
            ok(
                "/api/cooccur/documents?limit=5&context=4&a_text="
                    + text(" report")
                    + "&b_text="
                    + text(" committee")))
        .isEqualTo(json(CooccurrencePages.page(index, report, committee, 0, 5, 4)));
    assertThat(
            tree(ok("/api/cooccur?a_text=" + text(" report") + "&b_text=" + text(" committee")))
                .get("documents")
                .asLong())
        .isEqualTo(2);
  }

  @Test
  void locateAndSpansPageLikeTheLibrary() throws Exception {
    int[] the = tokenizer.encode(" the");
    assertThat(ok("/api/locate?from=2&limit=3&context=4&tokens=" + ids(the)))
        .isEqualTo(json(IndexAnswers.locate(index, the, 2, 3, 4)));
    int[] text = tokenizer.encode(ServerFixture.TEXT);
    assertThat(ok("/api/spans?min_length=3&docs=2&text=" + text(ServerFixture.TEXT)))
        .isEqualTo(json(IndexAnswers.spans(index, text, 3, 0, 2)));
  }

  @Test
  void tokenizeShowsEachTokenDecodedAlone() throws Exception {
    String answer = ok("/api/tokenize?text=" + text(" the report"));
    JsonNode t = tree(answer);
    int[] tokens = tokenizer.encode(" the report");
    assertThat(t.get("tokens").toString()).isEqualTo(json(tokens));
    StringBuilder joined = new StringBuilder();
    t.get("pieces").forEach(p -> joined.append(p.asText()));
    assertThat(joined.toString()).isEqualTo(" the report");
    assertThat(ok("/api/decode?tokens=" + ids(tokens))).isEqualTo(answer);
    // A model may answer an id the corpus never holds, even past the tokenizer (padded rows).
    int last = tokenizer.vocabSize() - 1;
    JsonNode decoded =
        tree(ok("/api/decode?tokens=" + last + "," + tokenizer.vocabSize())).get("pieces");
    assertThat(decoded.get(0).asText()).isEqualTo(tokenizer.decode(new int[] {last}));
    assertThat(decoded.get(1).asText()).isEqualTo("<id " + tokenizer.vocabSize() + ">");
    assertThat(ServerFixture.get(server, "/api/decode?tokens=-1").statusCode()).isEqualTo(400);
    // As a POST body: more ids than a URL holds (a text view's tokens and greedy tokens).
    int[] many = new int[3_000];
    for (int i = 0; i < many.length; i++) many[i] = i % tokenizer.vocabSize();
    HttpResponse<String> posted =
        ServerFixture.post(server, "/api/decode", "{\"tokens\": " + json(many) + "}");
    assertThat(posted.statusCode()).isEqualTo(200);
    JsonNode pieces = tree(posted.body()).get("pieces");
    assertThat(pieces).hasSize(many.length);
    for (int i = 0; i < many.length; i += 97) {
      assertThat(pieces.get(i).asText()).isEqualTo(tokenizer.decode(new int[] {many[i]}));
    }
  }

  @Test
  void refusedRequestsSayWhyInJson() throws Exception {
    String tooLong = "a".repeat(ServeSettings.Limits.DEFAULT.textChars() + 1);
    HttpResponse<String> refused =
        ServerFixture.post(server, "/api/text", "{\"text\": \"" + tooLong + "\"}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(tree(refused.body()).get("error").asText())
        .isEqualTo("text: 20,001 characters, more than the limit of 20,000");
    assertError("/api/locate?text=x&limit=100000", 400, "limit 100000: expected between 1 and 100");
    assertError("/api/count?tokens=1,x", 400, "expected comma-separated token ids");
    assertError("/api/count?tokens=1&text=x", 400, "not both");
    assertError("/api/count?tokens=" + index.vocabSize(), 400, "");
    assertThat(
            ServerFixture.post(server, "/api/text", "{\"text\": 3, \"tokens\": [1]}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void noRequestPathReachesTheFileSystem() throws Exception {
    for (String path :
        new String[] {
          "/static/../../pom.xml",
          "/static/%2e%2e/%2e%2e/pom.xml",
          "/static/search.html",
          "/pom.xml"
        }) {
      assertThat(ServerFixture.get(server, path).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(ServerFixture.get(server, "/static/common.js").statusCode()).isEqualTo(200);
  }

  private void assertError(String pathAndQuery, int status, String message) throws Exception {
    HttpResponse<String> r = ServerFixture.get(server, pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(AnswerJson.COMPACT.readTree(r.body()).get("error").asText()).contains(message);
  }
}
