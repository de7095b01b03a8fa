package io.memtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.cli.MainTest.Run;
import io.memtrace.tokens.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus from elsewhere, end to end: documents tokenized and written as a Megatron store by
 * tools/megatron_write.py (an independent standard-library writer, no memtrace metadata) are
 * indexed with {@code --tokenizer} and traced; the pairs, counts and probabilities equal those of
 * the same documents ingested by memtrace. The tokenizer is checked wherever two are named.
 */
class MegatronStoreTraceTest {
  static final Path MODEL =
      Path.of("../memtrace-core/src/test/resources/io/memtrace/model/pythia-tiny");
  static final List<String> DOCUMENTS =
      List.of(
          "Paris is the capital of France. The French capital Paris has a river.",
          "Berlin is the capital of Germany, and Berlin is large.",
          "Germany and France are neighbours. Paris and Berlin trade.",
          "Rome is the capital of Italy.",
          "Madrid lies in Spain; the capital of Spain is Madrid.");
  static final String TASK =
      """
      {"input": "capital of France", "output": "Paris"}
      {"input": "capital of Germany", "output": "Berlin"}
      {"input": "capital of Spain", "output": "Madrid"}
      """;

  @TempDir Path dir;

  @Test
  void aStoreWrittenByAnotherWriterIsIndexedAndTracedAsMemtracesOwn() throws Exception {
    Path tokenizer = MODEL.resolve("tokenizer.json");
    List<int[]> tokens = new ArrayList<>();
    try (Tokenizer tok = Tokenizer.load(tokenizer)) {
      for (String d : DOCUMENTS) tokens.add(tok.encode(d));
    }
    Path foreign = dir.resolve("foreign");
    writeMegatron(foreign, tokens);
    assertThat(Files.exists(dir.resolve("foreign.meta.json"))).isFalse();

    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, String.join("\n\n", DOCUMENTS));
    Path own = dir.resolve("own");
    ok(
        "corpus",
        "ingest",
        "--input",
        corpus.toString(),
        "--tokenizer",
        tokenizer.toString(),
        "--no-eos",
        "--out",
        own.toString());

    // Without --tokenizer the index records none, and trace asks for one.
    Path bare = dir.resolve("bare.index");
    ok("index", "build", "--store", foreign.toString(), "--out", bare.toString());
    Path task = dir.resolve("capitals.jsonl");
    Files.writeString(task, TASK);
    Run asks = trace(bare, dir.resolve("asks.duckdb"));
    assertThat(asks.code()).isEqualTo(1);
    assertThat(asks.err()).contains("records no tokenizer").hasLineCount(1);

    Path foreignIndex = dir.resolve("foreign.index");
    ok(
        "index",
        "build",
        "--store",
        foreign.toString(),
        "--out",
        foreignIndex.toString(),
        "--tokenizer",
        tokenizer.toString());
    Path ownIndex = dir.resolve("own.index");
    ok("index", "build", "--store", own.toString(), "--out", ownIndex.toString());
    Path foreignDb = dir.resolve("foreign.duckdb");
    Path ownDb = dir.resolve("own.duckdb");
    assertThat(trace(foreignIndex, foreignDb).code()).isZero();
    assertThat(trace(ownIndex, ownDb).code()).isZero();
    // The bare index with the tokenizer named at trace time gives the same.
    Path namedDb = dir.resolve("named.duckdb");
    assertThat(trace(bare, namedDb, "--tokenizer", tokenizer.toString()).code()).isZero();

    String pairs =
        "SELECT p.example, p.n, input, o.text, documents_input, documents_both,"
            + " p.taskgram_logprob, o.infgram_nonzero_logprob FROM tracing_pairs p JOIN"
            + " tracing_outputs o USING (task, output) ORDER BY pair";
    List<List<Object>> expected = rows(ownDb, pairs);
    assertThat(expected).isNotEmpty();
    assertThat(rows(foreignDb, pairs)).isEqualTo(expected);
    assertThat(rows(namedDb, pairs)).isEqualTo(expected);
    String lm = "SELECT output, lm_logprob FROM tracing_lm ORDER BY ALL";
    assertThat(rows(foreignDb, lm)).isEqualTo(rows(ownDb, lm));

    // Another tokenizer (other bytes) is refused where the store or index records one.
    Path other = dir.resolve("other.json");
    Files.writeString(other, Files.readString(tokenizer) + "\n");
    Run refused =
        MainTest.run(
            "index",
            "build",
            "--store",
            own.toString(),
            "--out",
            dir.resolve("x").toString(),
            "--tokenizer",
            other.toString(),
            "--memory",
            "64m");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("memtrace: --tokenizer " + other + " (SHA-256 ")
        .contains("own.meta.json records")
        .hasLineCount(1);
    Run mismatch = trace(foreignIndex, dir.resolve("m.duckdb"), "--tokenizer", other.toString());
    assertThat(mismatch.code()).isEqualTo(1);
    assertThat(mismatch.err()).contains("was built with tokenizer SHA-256").hasLineCount(1);
  }

  private static void ok(String... args) {
    Run run = MainTest.run(args);
    assertThat(run.code()).as(run.err()).isZero();
  }

  private Run trace(Path index, Path db, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "trace",
                "--task",
                dir.resolve("capitals.jsonl").toString(),
                "--index",
                index.toString(),
                "--models",
                MODEL.toString(),
                "--db",
                db.toString(),
                "--gamma",
                "-1",
                "--min-n",
                "1",
                "--max-n",
                "2",
                "--figures",
                dir.resolve("f").toString(),
                "--threads",
                "1"));
    args.addAll(List.of(extra));
    return MainTest.run(args.toArray(String[]::new));
  }

  private static List<List<Object>> rows(Path db, String sql) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) row.add(r.getObject(i));
        out.add(row);
      }
    }
    return out;
  }

  private static void writeMegatron(Path prefix, List<int[]> documents) throws Exception {
    Path script = Path.of("../tools/megatron_write.py");
    if (!Files.isRegularFile(script)) fail(script.toAbsolutePath() + " not found");
    byte[] json =
        new ObjectMapper().writeValueAsBytes(Map.of("dtype", "u16", "documents", documents));
    Process p =
        new ProcessBuilder("python3", script.toString(), prefix.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (var in = p.getOutputStream()) {
      in.write(json);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }
}
