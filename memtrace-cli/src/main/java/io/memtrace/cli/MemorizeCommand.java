package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.cli.console.ConsoleReporter;
import io.memtrace.cli.options.Counts;
import io.memtrace.cli.options.ResultsDbOptions;
import io.memtrace.cli.options.StudyModelsOptions;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import io.memtrace.studies.results.MemorizationTable;
import io.memtrace.tokens.StorePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace memorize}: study A's memorization scores of training rows into the database. */
@Command(
    name = "memorize",
    mixinStandardHelpOptions = true,
    description = {
      "Score training rows by greedy decoding for every model and (context, continuation): score ="
          + " matching tokens / continuation, exact flag, first mismatch, the greedy tokens,"
          + " entropies, edit distance, BLEU, duplication count, the probability that sampling"
          + " reproduces the continuation ((n, p)-discoverable extraction); membership scores (loss,"
          + " zlib, min-k%, min-k%++) of the rows and of held-out rows; with --index, the longest"
          + " span of each continuation that occurs in the corpus.",
      "One teacher-forced pass finds the first mismatch; greedy decoding runs only from there on"
          + " the cached true prefix. Resumable: rows already in the database are skipped, and each"
          + " batch is committed in one transaction.",
      "Example: memtrace memorize --models suite/models/mini-790k/step300 --rows suite/rows"
          + " --sample 1000 --seed 1 --context 32,64 --continuation 16,32 --db results.duckdb"
    })
final class MemorizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

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
    @Option(
        names = "--sample",
        converter = Counts.Positive.class,
        paramLabel = "N",
        description = "N rows drawn without replacement.")
    Integer sample;

    @Option(names = "--all", description = "Every row.")
    boolean all;

    @Option(
        names = "--rows-of-steps",
        paramLabel = "A:B",
        description = "The rows of training steps A..B-1 (with --batch).")
    String steps;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of --sample.")
  long seed;

  @Option(
      names = "--batch",
      converter = Counts.Positive.class,
      paramLabel = "B",
      description = "Rows per training step.")
  Integer batch;

  @Option(
      names = "--include-duplicates",
      description =
          "Also score each planted passage of the duplicates manifest (its first row: the copies"
              + " are identical rows).")
  boolean includeDuplicates;

  @Option(
      names = "--duplicates",
      paramLabel = "FILE",
      description = "Planted-duplicates manifest; default: duplicates.json beside the store.")
  Path duplicates;

  @Option(
      names = "--context",
      converter = Counts.Positive.class,
      defaultValue = "32",
      split = ",",
      description = "Context sizes C.")
  List<Integer> contexts;

  @Option(
      names = "--continuation",
      converter = Counts.Positive.class,
      defaultValue = "16,32",
      split = ",",
      description = "Continuation sizes L.")
  List<Integer> continuations;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description =
          "Index of the training corpus (same tokenizer): also stores the longest span of each"
              + " greedy continuation that occurs in the corpus (table memorization_spans).")
  Path index;

  @Option(
      names = "--held-out",
      paramLabel = "STORE",
      description =
          "Rows of the same corpus never trained on, scored as membership inference's non-members"
              + " (as many as rows are selected); default: a suite's heldout store beside --rows.")
  Path heldOut;

  @Option(
      names = "--top-k",
      converter = Counts.Positive.class,
      paramLabel = "K",
      description =
          "Also store the extraction probability of top-k sampling (default: temperature-1"
              + " sampling only).")
  Integer topK;

  @Mixin ResultsDbOptions dbOptions;

  @Option(
      names = "--batch-rows",
      converter = Counts.Positive.class,
      defaultValue = "64",
      description = "Rows per forward batch.")
  int batchRows;

  @Option(
      names = "--threads",
      converter = Counts.Positive.class,
      paramLabel = "N",
      description = "Default: all processors.")
  Integer threads;

  @Option(
      names = "--no-eos-suppression",
      description = "Let the model end early (default: EOS suppressed for L tokens, as Pythia).")
  boolean noEosSuppression;

  @Override
  public Integer call() throws Exception {
    PrintWriter print = spec.commandLine().getOut();
    Reporter reporter = new ConsoleReporter(print);
    List<ModelRef> refs = modelsOptions.resolve(reporter);
    List<Path> inputs = new ArrayList<>(StorePaths.of(rows).files());
    inputs.addAll(modelsOptions.given());
    if (duplicates != null) inputs.add(duplicates);
    if (index != null) inputs.add(index);
    if (heldOut != null) inputs.addAll(StorePaths.of(heldOut).files());
    Path db = dbOptions.prepare(inputs);
    var settings =
        new MemorizationSettings(
            refs,
            rows,
            rowLength,
            selection(),
            includeDuplicates,
            duplicates,
            contexts,
            continuations,
            batchRows,
            threads == null ? Runtime.getRuntime().availableProcessors() : threads,
            !noEosSuppression,
            index,
            heldOut,
            topK == null ? 0 : topK);
    print(print, settings, MemorizationRunner.run(settings, db, reporter), db);
    return 0;
  }

  static void print(
      PrintWriter print, MemorizationSettings s, MemorizationRunner.Result result, Path db) {
    print.printf(
        "%,d rows x %d models x %d contexts x %d continuations -> %s%n",
        result.rows(), s.models().size(), s.contexts().size(), s.continuations().size(), db);
    if (result.heldOutRows() > 0) {
      print.printf(
          "%,d held-out rows scored as membership non-members (table membership)%n",
          result.heldOutRows());
    }
    print(print, result.shares());
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

  /** Exact share per model and (C, L). */
  static void print(PrintWriter print, List<MemorizationTable.ExactShare> shares) {
    print.printf(
        "  %-22s %7s %12s %7s %14s %10s%n",
        "model", "context", "continuation", "rows", "fully memorized", "mean score");
    for (MemorizationTable.ExactShare s : shares) {
      print.printf(
          "  %-22s %7d %12d %7d %13.2f%% %10.3f%n",
          s.model(), s.context(), s.continuation(), s.rows(), 100 * s.exact(), s.meanScore());
    }
  }
}
