package io.memtrace.studies.tracing;

import static io.memtrace.studies.StudyFixtures.A;
import static io.memtrace.studies.StudyFixtures.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.KilledChild;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.analysis.CoverageBins;
import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.EmbeddingFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * trace killed at seeded random moments in a child process, once its database exists and it is
 * mining or scoring, then run again to completion: every table of the database equals that of an
 * uninterrupted run, the same figures are there, and no other file remains.
 */
class KilledTraceTest {
  /** A child JVM that loads models and DuckDB costs seconds: fewer kills than the core writers. */
  private static final int TRIALS = KilledChild.trials(4);

  @TempDir Path dir;

  /** The child process: {@code TASK INDEX DB FIGURES}. */
  public static void main(String[] args) throws Exception {
    TracingRunner.run(
        settings(Path.of(args[0]), Path.of(args[1]), Path.of(args[3])),
        Path.of(args[2]),
        StudyFixtures.writingAtFirstProgress());
  }

  /** Every pair kept (threshold -1), n = 1..2, two models: three transactions of results. */
  private static TracingSettings settings(Path task, Path index, Path figures) throws Exception {
    return new TracingSettings(
        TaskSpecs.load(List.of(task.toString()), null, null, null, null),
        index,
        null,
        List.of(ModelRef.of(A), ModelRef.of(B)),
        1,
        2,
        List.of(new Thresholds.Override(null, -1)),
        EmbeddingFilter.Rule.ABSOLUTE,
        0.05,
        EncoderSpec.E5_SMALL_V2,
        false,
        DistributionalMemorization.Unit.OUTPUT,
        CoverageBins.PAPER,
        figures,
        1);
  }

  @Test
  void aKilledTraceRunAgainEqualsAnUninterruptedOne() throws Exception {
    Path index = StudyFixtures.index(dir, TracingRunnerTest.DOCUMENTS);
    Path task = dir.resolve("capitals.jsonl");
    Files.writeString(
        task,
        """
        {"input": "capital of France", "output": "Paris"}
        {"input": "capital of Germany", "output": "Berlin"}
        {"input": "the French capital", "output": "Paris, France"}
        """);
    Path reference = Files.createDirectories(dir.resolve("reference"));
    long millis =
        KilledChild.run(
            KilledTraceTest.class,
            task,
            index,
            reference.resolve("t.duckdb"),
            reference.resolve("figures"));
    var expected = StudyFixtures.tables(reference.resolve("t.duckdb"));
    assertThat(expected.get("tracing_lm")).isNotEmpty();
    List<String> figures = names(reference.resolve("figures"));
    assertThat(figures).isNotEmpty();

    Random random = new Random(20261203);
    for (int trial = 0; trial < TRIALS; trial++) {
      Path run = Files.createDirectories(dir.resolve("run" + trial));
      Path db = run.resolve("t.duckdb");
      KilledChild.killAtRandom(
          random, millis, KilledTraceTest.class, task, index, db, run.resolve("figures"));
      TracingRunner.run(settings(task, index, run.resolve("figures")), db, Reporter.SILENT);
      assertThat(StudyFixtures.tables(db)).as("trial %d", trial).isEqualTo(expected);
      assertThat(names(run)).containsExactly("figures", "t.duckdb");
      assertThat(names(run.resolve("figures"))).isEqualTo(figures);
    }
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
