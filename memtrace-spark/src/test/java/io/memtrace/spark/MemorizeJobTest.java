package io.memtrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import io.memtrace.studies.results.MemorizationParquet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark scores, imported into a results database, are the tables {@code memorize} writes for
 * the same rows: scores and member scores, every column.
 */
class MemorizeJobTest {
  @TempDir static Path dir;
  static MemorizationSettings settings;
  static Path single;

  private static final String MEMORIZATION =
      "SELECT * FROM memorization ORDER BY model, row, context, continuation";
  private static final String MEMBERSHIP =
      "SELECT * FROM membership ORDER BY model, split, row, context, continuation";
  private static final String MODELS = "SELECT * FROM models ORDER BY model";
  private static final String SOURCES = "SELECT * FROM memorization_sources ORDER BY model";

  @BeforeAll
  static void scoreInOneJvm() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    settings =
        new MemorizationSettings(
            List.of(ModelRef.of(StudyFixtures.A), ModelRef.of(StudyFixtures.B)),
            rows,
            null,
            new RowSelection.Sample(16, 4),
            true,
            null,
            List.of(8),
            List.of(4, 8),
            4,
            2,
            true,
            null,
            null,
            3);
    single = dir.resolve("single.duckdb");
    MemorizationRunner.run(settings, single, Reporter.SILENT);
  }

  @Test
  void importedScoresEqualTheSingleJvmTables() throws Exception {
    assertSameTables(run("spark", TaskProbe.NONE), "imported.duckdb");
  }

  @Test
  void aTaskFailedHalfWayThroughWritingIsRetriedAndTheTablesAreTheSame() throws Exception {
    Path out = run("retried", LocalSpark.failFirstAttempts());
    assertSameTables(out, "retried.duckdb");
  }

  @Test
  void aRerunScoresOnlyThePartsNotWrittenYet() throws Exception {
    Path out = run("rerun", TaskProbe.NONE);
    Map<Path, FileTime> before = parquetTimes(out);
    Path lost;
    try (Stream<Path> parts = Files.list(out)) {
      lost =
          parts
              .filter(p -> p.getFileName().toString().startsWith("part="))
              .sorted()
              .toList()
              .get(1);
    }
    OutputDirectory.deleteLocalTree(lost);

    var again =
        MemorizeJob.run(
            LocalSpark.session(),
            new MemorizeJob.Settings(settings, out.toUri().toString(), 2),
            TaskProbe.NONE);

    assertThat(again.scored()).isEqualTo(1);
    Map<Path, FileTime> after = parquetTimes(out);
    before.keySet().removeIf(p -> p.startsWith(lost));
    assertThat(after).containsAllEntriesOf(before);
    assertSameTables(out, "rerun.duckdb");
  }

  private static Path run(String name, TaskProbe probe) throws Exception {
    Path out = dir.resolve(name);
    var result =
        MemorizeJob.run(
            LocalSpark.session(),
            new MemorizeJob.Settings(settings, out.toUri().toString(), 2),
            probe);
    assertThat(result.parts()).isGreaterThan(3);
    assertThat(result.scored()).isEqualTo(result.parts());
    return out;
  }

  private static void assertSameTables(Path out, String db) throws Exception {
    Path imported = dir.resolve(db);
    MemorizationParquet.importInto(out, imported);
    var again = MemorizationParquet.importInto(out, imported);
    assertThat(again.memorization()).isZero();
    for (String sql : List.of(MEMORIZATION, MEMBERSHIP, MODELS, SOURCES)) {
      assertThat(StudyFixtures.table(imported, sql))
          .as(sql)
          .isNotEmpty()
          .isEqualTo(StudyFixtures.table(single, sql));
    }
  }

  private static Map<Path, FileTime> parquetTimes(Path out) throws Exception {
    Map<Path, FileTime> times = new HashMap<>();
    for (Path f : MemorizationParquet.parquetFiles(out)) times.put(f, Files.getLastModifiedTime(f));
    return times;
  }
}
