package io.memtrace.studies.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Study A's scores written as Parquet partitions (here by DuckDB, in the layout the Spark job
 * writes) import into the tables {@code memorize} writes; files under {@code _} or {@code .} names
 * (a killed job's attempts) are not read, and an import run again adds nothing.
 */
class MemorizationParquetTest {
  @TempDir Path dir;

  @Test
  void partitionsImportIntoTheTablesOfMemorize() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    var settings =
        MemorizationSettings.of(
            List.of(ModelRef.of(StudyFixtures.A)),
            rows,
            new RowSelection.Sample(12, 3),
            List.of(8),
            List.of(4, 8));
    Path single = dir.resolve("single.duckdb");
    MemorizationRunner.run(settings, single, Reporter.SILENT);

    Path out = Files.createDirectories(dir.resolve("scores"));
    String select =
        "SELECT m.*, b.loss, b.zlib_ratio, b.min_k, b.min_k_plus_plus FROM memorization m JOIN"
            + " membership b USING (model, row, context, continuation) WHERE b.split = 'member'";
    Files.createDirectories(out.resolve("part=a"));
    Files.createDirectories(out.resolve("part=b"));
    Files.createDirectories(out.resolve("_temporary/0"));
    StudyFixtures.execute(
        single,
        "COPY (" + select + " AND m.row < 20) TO '" + out.resolve("part=a/x.parquet") + "'",
        "COPY (" + select + " AND m.row >= 20) TO '" + out.resolve("part=b/y.parquet") + "'",
        "COPY (" + select + ") TO '" + out.resolve("_temporary/0/half.parquet") + "'");
    Files.write(
        out.resolve(MemorizationParquet.DESCRIPTION),
        MemorizationParquet.Description.of(
                settings.models(), rows, null, settings.eosSuppressed(), 0)
            .toJson());

    Path imported = dir.resolve("imported.duckdb");
    var first = MemorizationParquet.importInto(out, imported);
    var again = MemorizationParquet.importInto(out, imported);

    assertThat(first.memorization()).isEqualTo(24);
    assertThat(again).isEqualTo(new MemorizationParquet.Imported(0, 0));
    for (String table : List.of("memorization", "membership", "models", "memorization_sources")) {
      String sql = "SELECT * FROM " + table + " ORDER BY ALL";
      assertThat(StudyFixtures.table(imported, sql))
          .as(table)
          .isEqualTo(StudyFixtures.table(single, sql));
    }
  }

  @Test
  void aDirectoryWithoutItsDescriptionIsRefusedNamingIt() throws Exception {
    assertThatThrownBy(() -> MemorizationParquet.importInto(dir, dir.resolve("r.duckdb")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining(MemorizationParquet.DESCRIPTION);
  }
}
