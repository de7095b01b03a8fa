package io.memtrace.spark;

import io.memtrace.cli.options.Counts;
import io.memtrace.cli.options.StudyModelsOptions;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowScorer;
import io.memtrace.studies.memorization.RowSelection;
import io.memtrace.tokens.TokenStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memtrace spark bench-memorize}: rows scored per second by {@code memorize} (one JVM) and
 * by {@link MemorizeJob}, on the same sample of rows.
 */
@Command(
    name = "bench-memorize",
    mixinStandardHelpOptions = true,
    description = {
      "Memorization rows/s: memtrace memorize (one JVM, all cores) vs the Spark job on the same"
          + " rows (one model per executor, shared by its tasks).",
      "Example: memtrace spark bench-memorize --models suite/models/mini-595k/step300 --rows"
          + " suite/rows --sample 2048 --context 32 --continuation 16,32"
    })
final class SparkBenchMemorizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkCommand.MasterOption master;

  @Mixin StudyModelsOptions modelsOptions;

  @Option(names = "--rows", required = true, paramLabel = "STORE")
  Path rows;

  @Option(names = "--sample", converter = Counts.Positive.class, defaultValue = "1024")
  int sample;

  @Option(names = "--context", converter = Counts.Positive.class, defaultValue = "32", split = ",")
  List<Integer> contexts;

  @Option(
      names = "--continuation",
      converter = Counts.Positive.class,
      defaultValue = "16,32",
      split = ",")
  List<Integer> continuations;

  @Option(names = "--batch-rows", converter = Counts.Positive.class, defaultValue = "64")
  int batchRows;

  @Option(names = "--batches-per-part", converter = Counts.Positive.class, defaultValue = "2")
  int batchesPerPart;

  /**
   * Seconds the single-JVM path takes to score the rows: {@code memorize}'s scorer, batch after
   * batch (without its database writes and held-out rows, which the job leaves out too).
   */
  private static double scoreInOneJvm(MemorizationSettings s) throws Exception {
    long start = System.nanoTime();
    try (TokenStore store = TokenStore.open(s.rows())) {
      long[] rows = MemorizationRunner.selectRows(s, store).rows();
      int[] ls = s.continuations().stream().mapToInt(Integer::intValue).toArray();
      for (ModelRef model : s.models()) {
        try (RowScorer scorer = RowScorer.open(model, s.threads(), s.eosSuppressed(), 0)) {
          for (int c : s.contexts()) {
            for (int i = 0; i < rows.length; i += s.batchRows()) {
              long[] ids = Arrays.copyOfRange(rows, i, Math.min(rows.length, i + s.batchRows()));
              scorer.score(store, s.rows(), ids, c, ls);
            }
          }
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private MemorizationSettings settings(RowSelection selection, int cores) throws Exception {
    return new MemorizationSettings(
        modelsOptions.resolve(Reporter.SILENT),
        rows,
        null,
        selection,
        false,
        null,
        contexts,
        continuations,
        batchRows,
        cores,
        true,
        null,
        null,
        0);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("memtrace-bench-memorize");
    try {
      var session = master.session("bench-memorize");
      int cores = session.sparkContext().defaultParallelism();
      var settings = settings(new RowSelection.Sample(sample, 1), cores);
      // Warm-up of both paths on a few batches (class loading, JIT, Spark SQL's code generation),
      // then the timed runs.
      var warmUp = settings(new RowSelection.Sample(Math.min(sample, 2 * batchRows), 2), cores);
      scoreInOneJvm(warmUp);
      MemorizeJob.run(
          session,
          new MemorizeJob.Settings(warmUp, dir.resolve("warm-up").toUri().toString(), 1),
          TaskProbe.NONE);
      long units = (long) sample * settings.models().size() * settings.contexts().size();
      double single = scoreInOneJvm(settings);
      var result =
          MemorizeJob.run(
              session,
              new MemorizeJob.Settings(
                  settings, dir.resolve("spark").toUri().toString(), batchesPerPart),
              TaskProbe.NONE);
      out.printf(
          "%,d rows x %d models x %d contexts (continuations %s share a pass)%n",
          sample, settings.models().size(), settings.contexts().size(), continuations);
      out.printf(
          "single JVM (RowScorer, %d threads): %7.1f s  %,9.1f rows/s%n",
          cores, single, units / single);
      out.printf(
          "spark %s, %d parts: %7.1f s  %,9.1f rows/s%n",
          session.sparkContext().master(),
          result.parts(),
          result.seconds(),
          result.rowsPerSecond());
      return 0;
    } finally {
      OutputDirectory.deleteLocalTree(dir);
    }
  }
}
