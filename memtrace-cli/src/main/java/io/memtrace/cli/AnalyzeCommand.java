package io.memtrace.cli;

import io.memtrace.OutputPaths;
import io.memtrace.cli.options.Counts;
import io.memtrace.studies.analysis.AnalysisRunner;
import io.memtrace.studies.analysis.AnalysisSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace analyze}: study A's analyses as database tables and figures. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Study A's analyses of a memorize database: score bins by model size, context and"
          + " continuation; transitions between models; entropy per position by score class;"
          + " memorization by duplication count and by training step. Each analysis is a table"
          + " (analysis_*) of the database and a PNG + SVG figure under --out."
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--db", required = true, paramLabel = "FILE")
  Path db;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Figures.")
  Path out;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description =
          "Index of the training corpus (same tokenizer): adds the n-gram dynamics of the rows"
              + " and the taxonomy of the memorized ones (recitation, reconstruction,"
              + " recollection).")
  Path index;

  @Option(
      names = "--tokenizer",
      paramLabel = "JSON",
      description =
          "The index's tokenizer.json, for an index that records none (a store from elsewhere);"
              + " checked against the index's and the models'.")
  Path tokenizer;

  @Option(
      names = "--embeddings",
      description =
          "Add the embedding dynamics (centroids of last-layer states per exact level and decoding"
              + " step, distances, PCA); reruns every model over its scored rows.")
  boolean embeddings;

  @Option(
      names = "--threads",
      converter = Counts.Positive.class,
      paramLabel = "N",
      description = "Default: all processors.")
  Integer threads;

  @Option(
      names = "--step",
      paramLabel = "STEP",
      description =
          "Training step at which model sizes are compared. Default: each size's last scored step.")
  Long step;

  @Option(
      names = "--reference",
      paramLabel = "MODEL",
      description =
          "Model whose loss the reference-model membership score subtracts (scored on the same"
              + " rows). Default: the smallest compared size of each family.")
  String reference;

  @Option(
      names = "--batch",
      converter = Counts.Positive.class,
      paramLabel = "ROWS",
      description =
          "Training rows per optimizer step, for causal memorization of rows that are not a"
              + " memtrace suite's: row r is trained at step r / ROWS + 1 (Pythia's pre-shuffled"
              + " rows: 1024). Default: the suite's own.")
  Integer batch;

  @Override
  public Integer call() throws Exception {
    OutputPaths.prepare(out, db, index, tokenizer);
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    var result =
        AnalysisRunner.run(
            new AnalysisSettings(out, index, embeddings, n, step, tokenizer, reference, batch), db);
    print(spec.commandLine().getOut(), result, out);
    return 0;
  }

  static void print(PrintWriter print, AnalysisRunner.Result result, Path figures) {
    for (AnalysisRunner.Written w : result.tables()) {
      print.printf("%-28s %,8d rows%n", w.table(), w.rows());
    }
    print.println("figures -> " + figures);
    print.println("report -> " + result.report());
  }
}
