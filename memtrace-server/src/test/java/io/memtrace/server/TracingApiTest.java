package io.memtrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.memtrace.AnswerJson;
import io.memtrace.tokens.Tokenizer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Study B's API over the fixture's traced task: tables against direct SQL on the database, and the
 * documents of each kept pair against a scan of the fixture's documents for both n-grams in the
 * spellings the study counts.
 */
class TracingApiTest {
  @TempDir Path dir;

  @Test
  void answersMatchTheTablesAndPairDocumentsMatchAScan() throws Exception {
    Path db = ServerFixture.database(dir);
    Path index = ServerFixture.index(dir);
    ServerFixture.trace(dir, db, index);
    // Read before the server opens the database.
    List<String> memorization =
        strings(
            db,
            "SELECT model, reference, n, spearman, p_value"
                + " FROM tracing_memorization WHERE task = 'fisheries' AND unit = 'OUTPUT' AND"
                + " subjects = 'all'");
    List<String> filter =
        strings(db, "SELECT n, pairs FROM tracing_filter WHERE task = 'fisheries' ORDER BY n");
    List<String> coverage =
        strings(
            db, "SELECT model, n, bin, examples FROM tracing_coverage WHERE task = 'fisheries'");
    List<String> pairs =
        strings(
            db,
            "SELECT pair, input, o.text, documents_both FROM"
                + " tracing_pairs p JOIN tracing_outputs o USING (task, output) WHERE task ="
                + " 'fisheries' ORDER BY documents_both DESC, pair");
    assertThat(memorization).isNotEmpty();
    assertThat(pairs).hasSizeGreaterThan(5);
    assertThat(coverage).isNotEmpty();

    try (MemtraceServer server = ServerFixture.serve(db, index, null);
        Tokenizer tokenizer = Tokenizer.load(ServerFixture.MODEL.resolve("tokenizer.json"))) {
      JsonNode tasks = ok(server, "/api/tracing/tasks");
      assertThat(tasks).hasSize(1);
      assertThat(tasks.get(0).get("task").asText()).isEqualTo("fisheries");
      assertThat(tasks.get(0).get("examples").asInt()).isEqualTo(4);

      JsonNode task = ok(server, "/api/tracing/task?task=fisheries");
      List<String> gotMemorization = new ArrayList<>();
      task.get("memorization")
          .forEach(
              m ->
                  gotMemorization.add(
                      m.get("model").asText()
                          + "/"
                          + m.get("reference").asText()
                          + "/"
                          + m.get("n").asInt()
                          + "/"
                          + m.get("spearman").asDouble()
                          + "/"
                          + m.get("p_value").asDouble()));
      assertThat(gotMemorization).containsExactlyInAnyOrderElementsOf(memorization);
      List<String> gotFilter = new ArrayList<>();
      task.get("filter")
          .forEach(f -> gotFilter.add(f.get("n").asInt() + "/" + f.get("pairs").asInt()));
      assertThat(gotFilter).isEqualTo(filter);
      List<String> gotCoverage = new ArrayList<>();
      task.get("coverage")
          .forEach(
              c ->
                  gotCoverage.add(
                      c.get("model").asText()
                          + "/"
                          + c.get("n").asInt()
                          + "/"
                          + c.get("bin").asInt()
                          + "/"
                          + c.get("examples").asLong()));
      assertThat(gotCoverage).containsExactlyInAnyOrderElementsOf(coverage);

      JsonNode page = ok(server, "/api/tracing/pairs?task=fisheries&limit=5&from=1");
      assertThat(page.get("total").asLong()).isEqualTo(pairs.size());
      List<String> gotPairs = new ArrayList<>();
      page.get("pairs")
          .forEach(
              p ->
                  gotPairs.add(
                      p.get("pair").asInt()
                          + "/"
                          + p.get("input").asText()
                          + "/"
                          + p.get("output").asText()
                          + "/"
                          + p.get("documents_both").asLong()));
      assertThat(gotPairs).isEqualTo(pairs.subList(1, 6));

      List<int[]> documents = ServerFixture.DOCUMENTS.stream().map(tokenizer::encode).toList();
      for (String row : pairs) {
        String[] f = row.split("/");
        List<Long> expected = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
          if (holds(documents.get(d), spellings(tokenizer, f[1]))
              && holds(documents.get(d), spellings(tokenizer, f[2]))) {
            expected.add((long) d);
          }
        }
        JsonNode docs =
            ok(server, "/api/tracing/pair/documents?task=fisheries&limit=100&pair=" + f[0]);
        assertThat(docs.get("total").asLong()).as(row).isEqualTo(Long.parseLong(f[3]));
        List<Long> got = new ArrayList<>();
        docs.get("documents").forEach(d -> got.add(d.get("document").asLong()));
        assertThat(got).as(row).isEqualTo(expected);
      }

      HttpResponse<String> missing =
          ServerFixture.get(server, "/api/tracing/pair/documents?task=fisheries&pair=100000");
      assertThat(missing.statusCode()).isEqualTo(404);
      HttpResponse<String> bad =
          ServerFixture.get(server, "/api/tracing/pairs?task=fisheries&sort=nothing");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(AnswerJson.COMPACT.readTree(bad.body()).get("error").asText())
          .startsWith("sort 'nothing'");
      assertThat(ServerFixture.get(server, "/api/tracing/pairs").statusCode()).isEqualTo(400);
      assertThat(ServerFixture.get(server, "/api/tracing/task?task=nothing").statusCode())
          .isEqualTo(404);
      // Served without --report: the analyses page has no report to show.
      assertThat(ok(server, "/api/info").get("report").asBoolean()).isFalse();
      assertThat(ServerFixture.get(server, "/report").statusCode()).isEqualTo(404);
    }
  }

  /** As written, lower case and capitalized, each with and without a leading space. */
  private static List<int[]> spellings(Tokenizer tokenizer, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    String capital = Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    List<int[]> out = new ArrayList<>();
    for (String s : List.of(text, lower, capital)) {
      out.add(tokenizer.encode(" " + s));
      out.add(tokenizer.encode(s));
    }
    return out;
  }

  private static boolean holds(int[] document, List<int[]> spellings) {
    for (int[] s : spellings) {
      for (int p = 0; p + s.length <= document.length; p++) {
        if (Arrays.equals(document, p, p + s.length, s, 0, s.length)) return true;
      }
    }
    return false;
  }

  /** Each row of {@code sql} as its columns' values joined by '/'. */
  private static List<String> strings(Path db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) values.add(String.valueOf(r.getObject(i)));
        out.add(String.join("/", values));
      }
    }
    return out;
  }

  private static JsonNode ok(MemtraceServer server, String pathAndQuery) throws Exception {
    HttpResponse<String> r = ServerFixture.get(server, pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return AnswerJson.COMPACT.readTree(r.body());
  }
}
