package io.memtrace.index;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.tokens.TokenStore;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSONL batch answers every line as the library does, in input order. */
class BatchQueriesTest {
  @TempDir Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexReader index() throws Exception {
    RandomCorpus corpus = RandomCorpus.of(5);
    Path prefix = corpus.write(dir.resolve("store"));
    try (TokenStore s = TokenStore.open(prefix)) {
      IndexWriter.build(
          s, null, dir.resolve("index"), new IndexWriter.Options(1L << 30, 1), Progress.NONE);
    }
    return IndexReader.open(dir.resolve("index"));
  }

  @Test
  void answersEveryLineInOrder() throws Exception {
    try (IndexReader index = index()) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        int t = i % 7;
        lines.add(
            switch (i % 6) {
              case 0 -> "{\"op\":\"count\",\"ngram\":[" + t + "," + (t + 1) % 3 + "]}";
              case 1 -> "{\"op\":\"ntd\",\"context\":[" + t + "],\"top\":3}";
              case 2 -> "{\"op\":\"infgram\",\"context\":[1," + t + "],\"token\":2}";
              case 3 ->
                  "{\"op\":\"cooccur\",\"a\":["
                      + t
                      + "],\"b\":[1,2],\"window\":"
                      + (i % 5) * 3
                      + "}";
              case 4 -> "{\"op\":\"locate\",\"ngram\":[" + t + "],\"limit\":2}";
              default -> "{\"op\":\"docfreq\",\"ngram\":[" + t + "]}";
            });
        if (i == 10) lines.add("");
      }
      Path queries = dir.resolve("q.jsonl");
      Files.write(queries, lines);
      var out = new StringWriter();
      long n = BatchQueries.run(index, null, queries, out, Progress.NONE);
      assertThat(n).isEqualTo(5000);
      List<String> results = out.toString().lines().toList();
      assertThat(results).hasSize(5000);
      for (int i = 0; i < results.size(); i++) {
        JsonNode line = JSON.readTree(results.get(i));
        int lineNumber = i <= 10 ? i + 1 : i + 2;
        assertThat(line.get("line").asInt()).isEqualTo(lineNumber);
        JsonNode result = line.get("result");
        int t = i % 7;
        switch (i % 6) {
          case 0 ->
              assertThat(result.get("count").asLong())
                  .isEqualTo(index.count(new int[] {t, (t + 1) % 3}));
          case 1 -> {
            var d = NextTokens.of(index, new int[] {t});
            assertThat(result.get("continuations").asLong()).isEqualTo(d.continuations());
            assertThat(result.get("tokens").size()).isEqualTo(Math.min(3, d.tokens().size()));
          }
          case 2 -> {
            var p = InfiniGram.of(index, new int[] {1, t}, 2);
            assertThat(result.get("probability").asDouble()).isEqualTo(p.probability());
            assertThat(result.get("suffix_length").asInt()).isEqualTo(p.suffixLength());
          }
          case 3 -> {
            int w = (i % 5) * 3;
            var c =
                w == 0
                    ? Cooccurrence.documents(index, new int[] {t}, new int[] {1, 2})
                    : Cooccurrence.within(index, new int[] {t}, new int[] {1, 2}, w);
            assertThat(result.get("documents").asLong()).isEqualTo(c.documents());
          }
          case 4 -> assertThat(result.get("total").asLong()).isEqualTo(index.count(new int[] {t}));
          default ->
              assertThat(result.get("count").asLong())
                  .isEqualTo(Cooccurrence.documentFrequency(index, new int[] {t}));
        }
      }
    }
  }

  /** A spans line answers as the library, in the JSON of its result record (numbers as read). */
  @Test
  void answersSpansAsTheLibrary() throws Exception {
    try (IndexReader index = index()) {
      int[] changed =
          RandomCorpus.of(5).documents().stream()
              .max(Comparator.comparingInt(d -> d.length))
              .orElseThrow()
              .clone();
      changed[changed.length / 2] = 0;
      Path queries = dir.resolve("spans.jsonl");
      Files.write(
          queries,
          List.of(
              "{\"op\":\"spans\",\"tokens\":" + Arrays.toString(changed) + "}",
              "{\"op\":\"spans\",\"tokens\":[0,1,2,0,1],\"min_length\":2,\"from\":1,"
                  + "\"limit\":3}"));
      var out = new StringWriter();
      BatchQueries.run(index, null, queries, out, Progress.NONE);
      var mapper =
          new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
      List<String> lines = out.toString().lines().toList();
      assertThat(JSON.readTree(lines.get(0)).get("result"))
          .isEqualTo(JSON.readTree(mapper.writeValueAsString(Spans.of(index, changed, 1, 0, 10))));
      assertThat(JSON.readTree(lines.get(1)).get("result"))
          .isEqualTo(
              JSON.readTree(
                  mapper.writeValueAsString(Spans.of(index, new int[] {0, 1, 2, 0, 1}, 2, 1, 3))));
    }
  }

  @Test
  void aBadLineFailsTheRunWithItsNumberBeforeAnyOutput() throws Exception {
    try (IndexReader index = index()) {
      Path queries = dir.resolve("q.jsonl");
      for (String bad :
          List.of(
              "{\"op\":\"count\",\"ngram\":[70000]}",
              "{\"op\":\"count\",\"ngram\":[]}",
              "{\"op\":\"count\",\"text\":\"words\"}",
              "{\"op\":\"sum\",\"ngram\":[1]}",
              "{\"op\":\"count\",\"ngram\":[1,",
              "{\"op\":\"count\",\"ngram\":[1]}{\"op\":\"count\",\"ngram\":[2]}",
              "{\"op\":\"cooccur\",\"a\":[1,2,3],\"b\":[1],\"window\":2}",
              "{\"op\":\"spans\",\"tokens\":[1],\"min_length\":0}")) {
        Files.write(queries, List.of("{\"op\":\"count\",\"ngram\":[1]}", bad));
        var out = new StringWriter();
        assertThatThrownBy(() -> BatchQueries.run(index, null, queries, out, Progress.NONE))
            .as(bad)
            .isInstanceOf(BadInputException.class)
            .hasMessageStartingWith(queries + ":2: ");
        assertThat(out.toString()).isEmpty();
      }
      // Invalid UTF-8 is found by the line reader: the same FILE:N as every other JSONL input.
      Files.write(
          queries,
          "{\"op\":\"count\",\"ngram\":[1]}\n{\"text\":\"\u00ff\"}\n".getBytes(ISO_8859_1));
      assertThatThrownBy(
              () -> BatchQueries.run(index, null, queries, new StringWriter(), Progress.NONE))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(queries + ":2: not valid UTF-8");
    }
  }
}
