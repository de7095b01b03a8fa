package io.memtrace.cli;

import static io.memtrace.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.server.MemtraceServer;
import io.memtrace.server.ServeSettings;
import io.memtrace.studies.results.ResultsDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index commands end to end: ingest, build in shards, query by text and ids, batch. */
class IndexCommandTest {
  @TempDir static Path dir;
  static String index;
  static String store;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void ingestAndBuild() throws IOException {
    Path corpus = dir.resolve("corpus.txt");
    List<String> paragraphs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      paragraphs.add("The committee votes on report " + i % 11 + ". The council agrees " + i % 3);
    }
    Files.writeString(corpus, String.join("\n\n", paragraphs));
    store = dir.resolve("store").toString();
    MainTest.Run ingest =
        run(
            "corpus",
            "ingest",
            "--input",
            corpus.toString(),
            "--train-tokenizer",
            "300",
            "--out",
            store);
    assertThat(ingest.code()).as(ingest.err()).isZero();
    index = dir.resolve("index").toString();
    MainTest.Run build =
        run(
            "index",
            "build",
            "--store",
            store,
            "--out",
            index,
            "--memory",
            "16m",
            "--threads",
            "1");
    assertThat(build.code()).as(build.err()).isZero();
    assertThat(build.out()).contains("300 documents").containsPattern("\\d shard\\(s\\)");
  }

  private static JsonNode json(String... args) throws IOException {
    MainTest.Run r = run(args);
    assertThat(r.code()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void lcpFilesAndWindowCountsAgreeWithCounts() throws Exception {
    MainTest.Run lcp = run("index", "lcp", "--index", index);
    assertThat(lcp.code()).as(lcp.err()).isZero();
    assertThat(lcp.out()).contains("LCP files added");
    MainTest.Run windows =
        run(
            "index",
            "windows",
            "--index",
            index,
            "--store",
            store,
            "--width",
            "2,3",
            "--offset",
            "0..1");
    assertThat(windows.code()).as(windows.err()).isZero();
    assertThat(windows.out()).contains("300 rows x 4 window(s)");
    MainTest.Run verify = run("index", "verify", "--index", index);
    assertThat(verify.code()).as(verify.err()).isZero();
    try (var reader = io.memtrace.index.IndexReader.open(Path.of(index));
        var tokens = io.memtrace.tokens.TokenStore.open(Path.of(store))) {
      assertThat(reader.hasLcp()).isTrue();
      for (long row = 0; row < tokens.sequenceCount(); row += 37) {
        int[] seq = tokens.sequence(row);
        for (int o = 0; o <= 1; o++) {
          for (int w = 2; w <= 3; w++) {
            long expected =
                o + w > seq.length ? -1 : reader.count(java.util.Arrays.copyOfRange(seq, o, o + w));
            assertThat(reader.windowCounts().count(row, o, w)).isEqualTo(expected);
          }
        }
      }
    }
    MainTest.Run bad =
        run("index", "windows", "--index", index, "--store", store, "--offset", "3..1");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("--offset: empty range 3..1");
  }

  @Test
  void queriesByTextAgree() throws IOException {
    JsonNode count = json("index", "count", "--index", index, "--text", " council", "--json");
    assertThat(count.get("count").asLong()).isEqualTo(300);
    JsonNode both =
        json(
            "index", "cooccur", "--index", index, "--a", " committee", "--b", " council", "--json");
    assertThat(both.get("documents").asLong()).isEqualTo(300);
    JsonNode near =
        json(
            "index",
            "cooccur",
            "--index",
            index,
            "--a",
            " committee",
            "--b",
            " council",
            "--window",
            "3",
            "--json");
    assertThat(near.get("documents").asLong()).isZero();
    JsonNode ntd =
        json("index", "ntd", "--index", index, "--text", " report", "--top", "2", "--json");
    assertThat(ntd.get("continuations").asLong()).isEqualTo(300);
    assertThat(ntd.get("tokens").size()).isEqualTo(2);
    JsonNode inf = json("index", "infgram", "--index", index, "--text", " The council", "--json");
    assertThat(inf.get(inf.size() - 1).get("probability").asDouble()).isEqualTo(1.0);
    JsonNode page =
        json("index", "locate", "--index", index, "--text", " agrees", "--limit", "4", "--json");
    assertThat(page.get("page").get("total").asLong()).isEqualTo(300);
    assertThat(page.get("windows").size()).isEqualTo(4);
    assertThat(run("index", "locate", "--index", index, "--text", " agrees").out())
        .contains("300 occurrences", "[' agrees']");
    assertThat(run("index", "verify", "--index", index).code()).isZero();
  }

  /**
   * A document's text is one span, in every document that holds it; with words the corpus lacks
   * appended, each span's count is what count answers, and a span extended by a token of the text
   * on either side occurs nowhere.
   */
  /** memtrace serve's API answers each query with the document the command prints with --json. */
  @Test
  void theWebApiAnswersWhatTheCommandsPrint() throws Exception {
    Path db = dir.resolve("serve.duckdb");
    ResultsDatabase.open(db).close();
    try (MemtraceServer server =
            MemtraceServer.start(
                new ServeSettings(
                    db,
                    Path.of(index),
                    List.of(),
                    null,
                    ServeSettings.LOOPBACK,
                    0,
                    ServeSettings.Limits.DEFAULT));
        HttpClient client = HttpClient.newHttpClient()) {
      String[][] queries = {
        {"count", "/api/count?documents=true&text=%20council", "--text", " council", "--documents"},
        {"ntd", "/api/ntd?top=3&text=%20report", "--text", " report", "--top", "3"},
        {"infgram", "/api/infgram?text=%20The%20council", "--text", " The council"},
        {
          "locate",
          "/api/locate?from=2&limit=4&context=3&text=%20agrees",
          "--text",
          " agrees",
          "--from",
          "2",
          "--limit",
          "4",
          "--context",
          "3"
        },
        {
          "spans",
          "/api/spans?min_length=2&docs=2&text=%20The%20council%20votes",
          "--text",
          " The council votes",
          "--min-length",
          "2",
          "--docs",
          "2"
        },
        {
          "cooccur",
          "/api/cooccur?a_text=%20committee&b_text=%20council",
          "--a",
          " committee",
          "--b",
          " council"
        }
      };
      for (String[] q : queries) {
        List<String> args = new ArrayList<>(List.of("index", q[0], "--index", index, "--json"));
        args.addAll(List.of(q).subList(2, q.length));
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + q[1]))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body())).as(q[1]).isEqualTo(json(args.toArray(String[]::new)));
      }
    }
  }

  @Test
  void spansAreMaximalAndCounted() throws IOException {
    String doc = "The committee votes on report 7. The council agrees 1";
    JsonNode whole =
        json("index", "spans", "--index", index, "--text", doc, "--docs", "2", "--json");
    int length = whole.get("tokens").size();
    assertThat(whole.get("spans")).hasSize(1);
    JsonNode span = whole.get("spans").get(0);
    assertThat(span.get("start").asInt()).isZero();
    assertThat(span.get("end").asInt()).isEqualTo(length);
    // Paragraphs i < 300 with i % 11 == 7 and i % 3 == 1: i = 7 + 33k.
    assertThat(span.get("page").get("total").asLong()).isEqualTo(9);
    assertThat(span.get("page").get("occurrences")).hasSize(2);
    for (JsonNode o : span.get("page").get("occurrences")) {
      assertThat(o.get("document").asLong() % 33).isEqualTo(7);
      assertThat(o.get("offset").asInt()).isZero();
    }

    JsonNode mixed =
        json(
            "index",
            "spans",
            "--index",
            index,
            "--text",
            "Zebras quietly" + doc + " xylophone",
            "--min-length",
            "2",
            "--json");
    int[] tokens = ids(mixed.get("tokens"));
    assertThat(mixed.get("spans")).isNotEmpty();
    for (JsonNode s : mixed.get("spans")) {
      int start = s.get("start").asInt();
      int end = s.get("end").asInt();
      assertThat(end - start).isGreaterThanOrEqualTo(2);
      assertThat(count(tokens, start, end)).isEqualTo(s.get("page").get("total").asLong());
      if (start > 0) assertThat(count(tokens, start - 1, end)).isZero();
      if (end < tokens.length) assertThat(count(tokens, start, end + 1)).isZero();
    }
    assertThat(run("index", "spans", "--index", index, "--text", doc).out())
        .contains("1 maximal spans of at least 1 tokens", "9 occurrences", "offset 0");
  }

  private static int[] ids(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
    return out;
  }

  private static long count(int[] tokens, int from, int to) throws IOException {
    StringBuilder ids = new StringBuilder();
    for (int i = from; i < to; i++) ids.append(i == from ? "" : ",").append(tokens[i]);
    return json("index", "count", "--index", index, "--tokens", ids.toString(), "--json")
        .get("count")
        .asLong();
  }

  @Test
  void batchWritesOneResultPerLine() throws IOException {
    Path q = dir.resolve("q.jsonl");
    Files.write(
        q,
        List.of(
            "{\"op\":\"count\",\"text\":\" council\"}",
            "{\"op\":\"cooccur\",\"a_text\":\" committee\",\"b_text\":\" council\"}"));
    Path r = dir.resolve("r.jsonl");
    MainTest.Run batch =
        run("index", "batch", "--index", index, "--queries", q.toString(), "--out", r.toString());
    assertThat(batch.code()).as(batch.err()).isZero();
    List<String> lines = Files.readAllLines(r);
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(1)).get("result").get("documents").asLong()).isEqualTo(300);
  }

  @Test
  void badInputIsOneLine() {
    MainTest.Run vocab = run("index", "count", "--index", index, "--tokens", "70000");
    assertThat(vocab.code()).isEqualTo(1);
    assertThat(vocab.err()).startsWith("memtrace: token 70000 at 0 of the n-gram is outside");
    MainTest.Run neither = run("index", "count", "--index", index);
    assertThat(neither.code()).isEqualTo(1);
    assertThat(neither.err()).contains("give token ids or a text");
    assertThat(run("index", "build", "--store", "x", "--out", "y", "--memory", "lots").code())
        .isEqualTo(2);
    MainTest.Run outside = run("index", "spans", "--index", index, "--tokens", "1,70000");
    assertThat(outside.code()).isEqualTo(1);
    assertThat(outside.err())
        .startsWith("memtrace: token 70000 at 1 of the token sequence is outside")
        .doesNotContain("\n\t");
    assertThat(run("index", "spans", "--index", index, "--text", "x", "--min-length", "0").code())
        .isEqualTo(2);
    MainTest.Run missing =
        run("index", "count", "--index", dir.resolve("none").toString(), "--tokens", "1");
    assertThat(missing.err()).contains("no such directory");
  }
}
