package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.OutputPaths;
import io.memtrace.cli.console.ConsoleReporter;
import io.memtrace.cli.options.Counts;
import io.memtrace.model.suite.Suite;
import io.memtrace.model.suite.SuitePreset;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.prepare.SuiteTraining;
import io.memtrace.tokens.StorePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace suite train}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a miniature Pythia suite: GPT-NeoX models of several sizes on the same training rows"
          + " in the same order, with planted duplicated passages and intermediate checkpoints.",
      "Without --tokenizer/--corpus, trains a tokenizer on the embedded Europarl corpus and"
          + " ingests it (kept in a sibling directory OUT.corpus). A finished suite with the same"
          + " configuration is reused; an interrupted one continues from its last checkpoints."
    })
final class SuiteTrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--preset",
      defaultValue = "demo",
      description =
          "demo (about 3 minutes on 2 cores) or full (about 30). Default: ${DEFAULT-VALUE}.")
  String preset;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Suite directory.")
  Path out;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description = "tokenizer.json of the corpus store (with --corpus).")
  Path tokenizer;

  @Option(
      names = "--corpus",
      paramLabel = "STORE",
      description = "Token store of documents to cut into training rows (with --tokenizer).")
  Path corpus;

  @Option(
      names = "--vocab",
      converter = Counts.Positive.class,
      defaultValue = "4096",
      description =
          "Tokenizer vocabulary when training one on Europarl. Default: ${DEFAULT-VALUE}.")
  int vocab;

  @Option(
      names = "--threads",
      converter = Counts.Positive.class,
      paramLabel = "N",
      description = "Models trained at once.")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    SuitePreset p;
    try {
      p = SuitePreset.named(preset);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--preset: " + e.getMessage());
    }
    if ((tokenizer == null) != (corpus == null)) {
      throw new BadInputException("--tokenizer and --corpus go together");
    }
    List<Path> inputs = new ArrayList<>();
    if (tokenizer != null) inputs.add(tokenizer);
    if (corpus != null) inputs.addAll(StorePaths.of(corpus).files());
    OutputPaths.prepare(out, inputs);
    PrintWriter print = spec.commandLine().getOut();
    Reporter reporter = new ConsoleReporter(print);
    if (tokenizer == null) {
      var europarl =
          SuiteTraining.europarl(
              out.resolveSibling(out.getFileName() + ".corpus"), vocab, reporter);
      tokenizer = europarl.tokenizer();
      corpus = europarl.store();
    }
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    Suite.Manifest m = SuiteTraining.train(p, tokenizer, corpus, out, n, reporter);
    print(print, m, out);
    return 0;
  }

  static void print(PrintWriter print, Suite.Manifest m, Path out) {
    print.printf(
        "suite %s: %d steps x %d rows of %d tokens, %s%n",
        m.preset(), m.steps(), m.batch(), m.rowLength(), out);
    print.printf(
        "  %-10s %7s %7s %12s %14s %11s  %s%n",
        "model", "hidden", "layers", "parameters", "non-embedding", "final loss", "checkpoint");
    for (Suite.Model model : m.models()) {
      print.printf(
          "  %-10s %7d %7d %,12d %,14d %11.3f  %s%n",
          model.name(),
          model.hidden(),
          model.layers(),
          model.parameters(),
          model.nonEmbeddingParameters(),
          model.finalLoss(),
          out.resolve(model.finalCheckpoint()));
    }
    if (m.heldOut() != null) {
      print.printf(
          "  held out (never trained on): %,d rows, %s%n",
          m.heldOutRows(), out.resolve(m.heldOut()));
    }
  }
}
