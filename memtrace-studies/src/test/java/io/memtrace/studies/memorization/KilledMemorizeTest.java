package io.memtrace.studies.memorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.KilledChild;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memorize killed at seeded random moments in a child process, once its database exists and it is
 * scoring, then run again to completion: every table of the database equals that of an
 * uninterrupted run, and no other file remains beside it.
 */
class KilledMemorizeTest {
  /** A child JVM that loads models and DuckDB costs seconds: fewer kills than the core writers. */
  private static final int TRIALS = KilledChild.trials(4);

  @TempDir Path dir;

  /** The child process: {@code ROWS DB}. */
  public static void main(String[] args) throws Exception {
    MemorizationRunner.run(
        settings(Path.of(args[0])), Path.of(args[1]), StudyFixtures.writingAtFirstProgress());
  }

  /** One model, C 8 and 12, L 4 and 10, batches of 7 rows: 12 transactions of results. */
  private static MemorizationSettings settings(Path rows) {
    var both = MemorizationRunnerTest.settings(rows, new RowSelection.All(), List.of(4, 10));
    return new MemorizationSettings(
        both.models().subList(0, 1),
        rows,
        null,
        both.selection(),
        false,
        null,
        both.contexts(),
        both.continuations(),
        both.batchRows(),
        both.threads(),
        both.eosSuppressed(),
        null,
        null,
        0);
  }

  @Test
  void aKilledMemorizeRunAgainEqualsAnUninterruptedOne() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    Path reference = Files.createDirectories(dir.resolve("reference")).resolve("r.duckdb");
    long millis = KilledChild.run(KilledMemorizeTest.class, rows, reference);
    var expected = StudyFixtures.tables(reference);
    assertThat(expected.get("memorization")).hasSize(40 * 4);

    Random random = new Random(20261202);
    for (int trial = 0; trial < TRIALS; trial++) {
      Path runs = Files.createDirectories(dir.resolve("run" + trial));
      Path db = runs.resolve("r.duckdb");
      KilledChild.killAtRandom(random, millis, KilledMemorizeTest.class, rows, db);
      MemorizationRunner.run(settings(rows), db, Reporter.SILENT);
      assertThat(StudyFixtures.tables(db)).as("trial %d", trial).isEqualTo(expected);
      try (Stream<Path> files = Files.list(runs)) {
        assertThat(files.map(f -> f.getFileName().toString())).containsExactly("r.duckdb");
      }
    }
  }
}
