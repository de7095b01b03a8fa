package io.memtrace.studies.results;

import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.analysis.AnalysisRunner;
import io.memtrace.studies.analysis.AnalysisSettings;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results database as a user of DuckDB 1.x opens it: the official Node client of the 1.5 line
 * ({@code tools/duckdb1}, installed by {@code .ci/run} with {@code npm ci}) reads every table
 * memtrace wrote, with the values memtrace's own JSON Lines export holds; the newest format, asked
 * for explicitly, is what that client refuses.
 */
class DuckDb1CompatibilityTest {
  static final Path READER = Path.of("../tools/duckdb1/read.mjs").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void duckDb1ReadsWhatMemtraceWrites() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    Path db = dir.resolve("r.duckdb");
    MemorizationRunner.run(
        MemorizationSettings.of(
            List.of(ModelRef.of(StudyFixtures.A)),
            rows,
            new RowSelection.Sample(12, 1),
            List.of(8),
            List.of(4)),
        db,
        Reporter.SILENT);
    AnalysisRunner.run(new AnalysisSettings(dir.resolve("fig"), null, false, 1), db);
    List<String> tables = new ArrayList<>();
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      assertThat(r.meta("storage_version")).isEqualTo("v1.4.0");
      tables.addAll(r.tables());
    }

    JsonNode read = new ObjectMapper().readTree(readWithDuckDb1(db, tables));
    assertThat(read.get("version").asText()).startsWith("v1.");
    for (String t : tables) {
      long count = (Long) table(db, "SELECT count(*) FROM \"" + t + "\"").get("0").get(0);
      assertThat(read.get("tables").get(t)).as(t).hasSize((int) count);
    }
    // Values against memtrace's own export, row by row in the same order.
    Path jsonl = dir.resolve("memorization.jsonl");
    ResultsExport.export(db, "memorization", ResultsExport.Format.JSONL, jsonl);
    List<JsonNode> ours = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(jsonl)) ours.add(json.readTree(line));
    ours.sort(
        (a, b) ->
            a.get("model").asText().equals(b.get("model").asText())
                ? Long.compare(a.get("row").asLong(), b.get("row").asLong())
                : a.get("model").asText().compareTo(b.get("model").asText()));
    JsonNode theirs = read.get("tables").get("memorization");
    for (int i = 0; i < ours.size(); i++) {
      JsonNode a = ours.get(i);
      JsonNode b = theirs.get(i);
      assertThat(b.get("row").asLong()).isEqualTo(a.get("row").asLong());
      assertThat(b.get("score").asDouble()).isEqualTo(a.get("score").asDouble());
      assertThat(b.get("exact").asBoolean()).isEqualTo(a.get("exact").asBoolean());
      assertThat(b.get("generated").toString()).isEqualTo(a.get("generated").toString());
      for (int k = 0; k < a.get("entropy").size(); k++) {
        assertThat(b.get("entropy").get(k).asDouble())
            .isCloseTo(a.get("entropy").get(k).asDouble(), within(1e-6));
      }
    }
  }

  @Test
  void theNewestFormatIsOnlyForDuckDb2() throws Exception {
    Path db = dir.resolve("latest.duckdb");
    ResultsDatabase.open(db, ResultsDatabase.StorageVersion.LATEST).close();
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      assertThat(r.meta("storage_version")).isEqualTo("latest");
    }
    Process p =
        new ProcessBuilder("node", READER.toString(), db.toString(), "models")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isNotZero();
    assertThat(out).contains("Trying to read a database file with version number");
  }

  private static String readWithDuckDb1(Path db, List<String> tables)
      throws IOException, InterruptedException {
    assertThat(READER.resolveSibling("node_modules/@duckdb/node-api"))
        .as("DuckDB 1.x's Node client: npm ci --prefix tools/duckdb1 (as .ci/run does)")
        .exists();
    List<String> cmd = new ArrayList<>(List.of("node", READER.toString(), db.toString()));
    cmd.addAll(tables);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }
}
