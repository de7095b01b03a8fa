package io.memtrace.studies.results;

import static io.memtrace.studies.StudyFixtures.A;
import static io.memtrace.studies.StudyFixtures.B;
import static io.memtrace.studies.StudyFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.StudyFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results schema: created whole, versioned, one registry of models for every study. */
class ResultsDatabaseTest {
  @TempDir Path dir;

  @Test
  void aQueryPastTheTimeoutIsCancelledAndTheConnectionServesTheNext() throws Exception {
    Path db = dir.resolve("r.duckdb");
    ResultsDatabase.open(db).close();
    try (ResultsDatabase r = ResultsDatabase.openReadOnly(db)) {
      r.setQueryTimeout(1);
      // Minutes of work on any machine.
      try (var p = r.prepare("SELECT sum(i * i % 7) FROM range(100000000000) t(i)")) {
        assertThatThrownBy(p::executeQuery).isInstanceOf(java.sql.SQLTimeoutException.class);
      }
      try (var s = r.statement();
          var q = s.executeQuery("SELECT count(*) FROM models")) {
        q.next();
        assertThat(q.getLong(1)).isZero();
      }
    }
  }

  @Test
  void aNewDatabaseHoldsTheVersionAndEveryRunnerTable() throws Exception {
    Path db = dir.resolve("r.duckdb");
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      assertThat(r.meta("format")).isEqualTo(ResultsDatabase.FORMAT);
      assertThat(r.meta("schema_version")).isEqualTo("4");
      assertThat(r.tables())
          .containsExactlyInAnyOrder(
              "memtrace_meta",
              "models",
              "memorization_sources",
              "memorization",
              "memorization_spans",
              "membership",
              "tracing_tasks",
              "tracing_filter",
              "tracing_filter_truth",
              "tracing_pairs",
              "tracing_outputs",
              "tracing_lm",
              "tracing_examples",
              "tracing_memorization",
              "prediction_results");
    }
    // Opening again changes nothing.
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      assertThat(r.tables()).hasSize(15);
    }
  }

  @Test
  void refusesAnotherVersionAndLeavesItAlone() throws Exception {
    Path db = dir.resolve("old.duckdb");
    StudyFixtures.execute(
        db,
        "CREATE TABLE memtrace_meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        "INSERT INTO memtrace_meta VALUES ('format', 'memtrace-results'), ('schema_version', '1')",
        "CREATE TABLE tracing_models (model VARCHAR)");
    assertThatThrownBy(() -> ResultsDatabase.open(db))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("holds results of format memtrace-results version 1")
        .hasMessageContaining("version 4")
        .hasMessageContaining("new database");
    assertThat(table(db, "SELECT table_name FROM information_schema.tables ORDER BY 1").values())
        .extracting(r -> r.get(0))
        .containsExactly("memtrace_meta", "tracing_models");
    Path foreign = dir.resolve("foreign.duckdb");
    StudyFixtures.execute(foreign, "CREATE TABLE t (x INT)");
    assertThatThrownBy(() -> ResultsDatabase.open(foreign))
        .hasMessageContaining("not memtrace's results");
    Path notDuckDb = dir.resolve("text.duckdb");
    Files.writeString(notDuckDb, "not a database");
    assertThatThrownBy(() -> ResultsDatabase.open(notDuckDb))
        .hasMessageContaining(notDuckDb + ": cannot open as a DuckDB database");
  }

  @Test
  void oneRegistryRecordsEachModelOnceWithItsTensorCounts() throws Exception {
    Path db = dir.resolve("r.duckdb");
    // Created first: the test reads the file through a second connection while it is open, which
    // DuckDB allows only with the configuration of the first (a new file's storage format is one).
    ResultsDatabase.open(db).close();
    try (ResultsDatabase r = ResultsDatabase.open(db);
        LanguageModel a = LanguageModel.load(A, 1)) {
      ModelRegistry.register(r, ModelRef.of(A), a);
      ModelRegistry.register(r, ModelRef.of(A), a);
      long elements = 0;
      for (String t : a.checkpoint().names()) elements += a.checkpoint().find(t).info().elements();
      var rows = table(db, "SELECT model, parameters, step, tokenizer_sha256, family FROM models");
      assertThat(rows).hasSize(1);
      List<Object> row = rows.get("0");
      assertThat(row.get(0)).isEqualTo("pythia-tiny");
      assertThat(row.get(1)).isEqualTo(elements);
      assertThat(row.get(2)).isNull();
      assertThat(row.get(3)).isEqualTo(ModelRegistry.tokenizerSha(A));
      assertThat(row.get(4)).isEqualTo(a.config().architecture());
      assertThat(ModelRegistry.path(r, "pythia-tiny")).isEqualTo(A.toAbsolutePath().normalize());
      // Another checkpoint under a registered name is refused.
      try (LanguageModel b = LanguageModel.load(B, 1)) {
        assertThatThrownBy(() -> ModelRegistry.register(r, new ModelRef("pythia-tiny", B, null), b))
            .hasMessageContaining("already holds model 'pythia-tiny' from");
      }
    }
  }

  @Test
  void aSuiteCheckpointIsRecordedWithItsFamilyAndStepAGivenFamilyWins() throws Exception {
    // SUITE/models/NAME/stepK beside SUITE/suite-config.json, as memtrace's suites lay them out.
    Path suite = dir.resolve("suite");
    Path checkpoint = suite.resolve("models/tiny/step40");
    Files.createDirectories(checkpoint);
    try (var files = Files.list(A)) {
      for (Path f : files.toList()) Files.copy(f, checkpoint.resolve(f.getFileName()));
    }
    Files.writeString(suite.resolve("suite-config.json"), "{\"preset\": {\"name\": \"demo\"}}");
    Path db = dir.resolve("r.duckdb");
    try (ResultsDatabase r = ResultsDatabase.open(db);
        LanguageModel a = LanguageModel.load(checkpoint, 1);
        LanguageModel b = LanguageModel.load(B, 1)) {
      ModelRegistry.register(r, ModelRef.of(checkpoint), a);
      ModelRegistry.register(r, ModelRef.of(B).inFamily("pythia-deduped"), b);
    }
    assertThat(table(db, "SELECT model, family, step FROM models ORDER BY model").values())
        .containsExactly(
            java.util.Arrays.asList("pythia-tiny-sequential-bf16", "pythia-deduped", null),
            List.of("tiny/step40", "memtrace-demo", 40L));
  }

  @Test
  void aCheckpointReplacedAtItsPathIsRefused() throws Exception {
    Path model = dir.resolve("model");
    Files.createDirectories(model);
    try (var files = Files.list(A)) {
      for (Path f : files.toList()) Files.copy(f, model.resolve(f.getFileName()));
    }
    Path db = dir.resolve("r.duckdb");
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      try (LanguageModel m = LanguageModel.load(model, 1)) {
        ModelRegistry.register(r, ModelRef.of(model), m);
      }
      // Another training put at the same path: one weight of the first tensor differs.
      Path st = model.resolve("model.safetensors");
      byte[] bytes = Files.readAllBytes(st);
      long header =
          java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
      bytes[(int) (8 + header + 2)] ^= 4;
      Files.write(st, bytes);
      try (LanguageModel m = LanguageModel.load(model, 1)) {
        assertThatThrownBy(() -> ModelRegistry.register(r, ModelRef.of(model), m))
            .isInstanceOf(BadInputException.class)
            .hasMessageContaining("holds results of model 'model' from other weights");
      }
    }
  }

  @Test
  void aSemicolonInThePathIsRefusedNotReadAsAnOption() {
    Path db = dir.resolve("a;b.duckdb");
    assertThatThrownBy(() -> ResultsDatabase.open(db))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            db
                + ": DuckDB reads a ';' in a database path as the start of connection"
                + " options; give a path without ';'");
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(db).doesNotExist();
  }

  @Test
  void readingOpensReadOnlyAndLeavesTheFileAsItWas() throws Exception {
    Path db = dir.resolve("r.duckdb");
    try (ResultsDatabase r = ResultsDatabase.open(db);
        LanguageModel a = LanguageModel.load(A, 1)) {
      ModelRegistry.register(r, ModelRef.of(A), a);
    }
    byte[] before = Files.readAllBytes(db);
    try (ResultsDatabase r = ResultsDatabase.openReadOnly(db)) {
      assertThat(r.tables()).contains("models");
      assertThatThrownBy(() -> r.connection().createStatement().execute("DELETE FROM models"))
          .hasMessageContaining("read-only");
    }
    assertThat(ResultsExport.export(db, "models", ResultsExport.Format.CSV, dir.resolve("m.csv")))
        .isEqualTo(1);
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(dir.resolve("r.duckdb.wal")).doesNotExist();
    assertThatThrownBy(() -> ResultsDatabase.openReadOnly(dir.resolve("none.duckdb")))
        .hasMessageEndingWith("none.duckdb: no such database");
  }
}
