package io.memtrace.spark;

import io.memtrace.BadInputException;
import io.memtrace.cli.options.Counts;
import io.memtrace.cli.options.StudyModelsOptions;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace spark memorize}: {@link MemorizeJob}. */
@Command(
    name = "memorize",
    mixinStandardHelpOptions = true,
    description = {
      "Study A's memorization scores of training rows, parts of rows spread over the executors;"
          + " each executor opens a model once. Parquet out, one directory per part; a rerun scores"
          + " only the parts not yet written. Then: memtrace results import --parquet OUT --db"
          + " R.duckdb.",
      "Example: memtrace spark memorize --models /shared/pythia-160m-deduped --rows"
          + " /shared/pile/document --row-length 2049 --rows-of-steps 0:1000 --batch 1024"
          + " --context 32 --continuation 16,32 --out hdfs:///memorization/160m"
    })
final class SparkMemorizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkCommand.MasterOption master;

  @Mixin StudyModelsOptions modelsOptions;

  @Option(names = "--rows", required = true, paramLabel = "STORE", description = "Training rows.")
  Path rows;

  @Option(
      names = "--row-length",
      converter = Counts.Positive.class,
      paramLabel = "N",
      description = "Rows of a headerless .bin (Pythia: 2049); default: the store's sequences.")
  Integer rowLength;

  static final class Selection {
    @Option(names = "--sample", converter = Counts.Positive.class, paramLabel = "N")
    Integer sample;

    @Option(names = "--all", description = "Every row.")
    boolean all;

    @Option(names = "--rows-of-steps", paramLabel = "A:B", description = "Steps A..B-1 (--batch).")
    String steps;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of --sample.")
  long seed;

  @Option(names = "--batch", converter = Counts.Positive.class, paramLabel = "B")
  Integer batch;

  @Option(names = "--context", converter = Counts.Positive.class, defaultValue = "32", split = ",")
  List<Integer> contexts;

  @Option(
      names = "--continuation",
      converter = Counts.Positive.class,
      defaultValue = "16,32",
      split = ",")
  List<Integer> continuations;

  @Option(names = "--top-k", converter = Counts.Positive.class, paramLabel = "K")
  Integer topK;

  @Option(
      names = "--batch-rows",
      converter = Counts.Positive.class,
      defaultValue = "64",
      description = "Rows per forward batch.")
  int batchRows;

  @Option(
      names = "--batches-per-part",
      converter = Counts.Positive.class,
      defaultValue = "16",
      description = "Batches one task scores.")
  int batchesPerPart;

  @Option(
      names = "--threads",
      converter = Counts.Positive.class,
      paramLabel = "N",
      description = "Threads of an executor's model (default: all its processors).")
  Integer threads;

  @Option(names = "--no-eos-suppression", description = "Let the model end early.")
  boolean noEosSuppression;

  @Option(names = "--out", required = true, paramLabel = "URI", description = "Parquet output.")
  String out;

  @Override
  public Integer call() throws Exception {
    var settings =
        new MemorizationSettings(
            modelsOptions.resolve(Reporter.SILENT),
            rows,
            rowLength,
            selection(),
            false,
            null,
            contexts,
            continuations,
            batchRows,
            threads == null ? Runtime.getRuntime().availableProcessors() : threads,
            !noEosSuppression,
            null,
            null,
            topK == null ? 0 : topK);
    var result =
        MemorizeJob.run(
            master.session("memorize"),
            new MemorizeJob.Settings(settings, out, batchesPerPart),
            TaskProbe.NONE);
    spec.commandLine()
        .getOut()
        .printf(
            "%,d rows; %d of %d parts scored now (%,d rows, %.1f rows/s) -> %s%n",
            result.rows(),
            result.scored(),
            result.parts(),
            result.scoredRows(),
            result.scoredRows() == 0 ? 0 : result.rowsPerSecond(),
            out);
    return 0;
  }

  private RowSelection selection() throws BadInputException {
    if (selection.all) return new RowSelection.All();
    if (selection.sample != null) return new RowSelection.Sample(selection.sample, seed);
    if (batch == null) throw new BadInputException("--rows-of-steps needs --batch");
    String[] ab = selection.steps.split(":");
    try {
      return new RowSelection.TrainingSteps(Long.parseLong(ab[0]), Long.parseLong(ab[1]), batch);
    } catch (RuntimeException e) {
      throw new BadInputException("--rows-of-steps " + selection.steps + ": expected A:B");
    }
  }
}
