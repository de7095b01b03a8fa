package io.memtrace.cli;

import io.memtrace.cli.console.ConsoleReporter;
import io.memtrace.cli.options.Counts;
import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.CorpusStats;
import io.memtrace.index.IndexWriter;
import io.memtrace.model.LanguageModel;
import io.memtrace.model.suite.Suite;
import io.memtrace.studies.analysis.AnalysisRunner;
import io.memtrace.studies.demo.Demo;
import io.memtrace.studies.demo.DemoMeasures;
import io.memtrace.studies.demo.DemoQueries;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.prediction.PredictionRunner;
import io.memtrace.studies.prediction.PredictionSettings;
import io.memtrace.tokens.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace demo}: the whole pipeline on the embedded default ({@link Demo}), printed. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on the embedded default (the Europarl corpus) and write every output"
          + " under --out.",
      "Steps: 1. train a byte-level BPE tokenizer on Europarl; 2. ingest Europarl into a token"
          + " store; 3. corpus statistics; 4. suffix-array n-gram index and example queries;"
          + " 5. train (or reuse) the demo model suite; 6. model info and a scored sample;"
          + " 7. memorization scores of training rows (study A), extraction by sampling,"
          + " membership scores of trained and held-out rows, corpus spans of the continuations;"
          + " 8. analyses and figures, one line per measure;"
          + " 9. the memorization predictor and its baselines (study A (f)); 10. tracing the"
          + " country-names translation task to the corpus (study B)."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "demo-out",
      paramLabel = "DIR",
      description = "Directory for the outputs. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--vocab",
      converter = Counts.Positive.class,
      defaultValue = "4096",
      paramLabel = "N",
      description = "Vocabulary size of the tokenizer. Default: ${DEFAULT-VALUE}.")
  int vocab;

  @Override
  public Integer call() throws Exception {
    PrintWriter print = spec.commandLine().getOut();
    Demo.run(out, vocab, new Printer(print), new ConsoleReporter(print));
    return 0;
  }

  /**
   * Prints each stage as the commands of that stage print it, and at the end the command that
   * serves the outputs.
   */
  private static final class Printer implements Demo.Listener {
    private final PrintWriter print;
    private MemorizationSettings memorized;

    Printer(PrintWriter print) {
      this.print = print;
    }

    @Override
    public void step(int n, String what) {
      print.printf("%n[%d] %s%n", n, what);
    }

    @Override
    public void tokenizer(Path file) {
      print.println("  -> " + file);
    }

    @Override
    public void ingested(Path store, CorpusIngest.Result r) {
      print.printf(
          "  -> %s.{bin,idx,meta.json}: %,d documents, %,d tokens, %,.0f tokens/s%n",
          store, r.documents(), r.tokens(), r.tokensPerSecond());
    }

    @Override
    public void stats(CorpusStats stats, Tokenizer tokenizer, Path file) {
      print.println(StatsReport.format(stats, tokenizer).indent(2));
      print.println("  -> " + file);
    }

    @Override
    public void indexed(Path dir, IndexWriter.Result built) {
      print.printf(
          "  -> %s: %d shard(s), %,d bytes = %.2f bytes/token, %.1f s%n",
          dir,
          built.manifest().shards().size(),
          built.bytes(),
          (double) built.bytes() / built.manifest().storeTokens(),
          built.nanos() / 1e9);
    }

    @Override
    public void queried(DemoQueries q, Tokenizer tok) {
      print.printf(
          "  count %s: %,d occurrences in %,d documents%n",
          IndexQueryOptions.show(q.parliament(), tok),
          q.parliamentCount(),
          q.parliamentDocuments());
      print.printf(
          "  next tokens after %s (%,d continuations), top 5:%n",
          IndexQueryOptions.show(q.context(), tok), q.next().continuations());
      IndexNtdCommand.print(print, q.next().top(5), tok);
      print.printf(
          "  documents with both %s and %s: %,d (within 20 tokens: %,d)%n",
          IndexQueryOptions.show(q.parliament(), tok),
          IndexQueryOptions.show(q.commission(), tok),
          q.bothDocuments(),
          q.nearDocuments());
      print.printf("  infini-gram probabilities of '%s':%n", q.phrase());
      IndexInfgramCommand.print(print, q.phraseProbabilities(), tok);
    }

    @Override
    public void suite(Suite.Manifest suite, Path dir) {
      SuiteTrainCommand.print(print, suite, dir);
    }

    @Override
    public void model(LanguageModel model) {
      ModelInfoCommand.describe(model).forEach((k, v) -> print.printf("  %-20s %s%n", k, v));
    }

    @Override
    public void sampleScored(Demo.SampleScores s) {
      print.printf(
          "  %d training rows, %d predicted positions: argmax accuracy %.1f%%, mean target"
              + " log-prob %.3f nats, mean entropy %.3f nats%n",
          s.rows(), s.positions(), 100.0 * s.accuracy(), s.meanLogprob(), s.meanEntropy());
    }

    @Override
    public void memorized(
        MemorizationSettings settings, MemorizationRunner.Result result, Path db) {
      MemorizeCommand.print(print, settings, result, db);
      memorized = settings;
    }

    @Override
    public void analyzed(AnalysisRunner.Result result, Path figures) {
      AnalyzeCommand.print(print, result, figures);
    }

    @Override
    public void measured(DemoMeasures m) {
      if (m == null) return;
      print.printf("  %s, C=%d, L=%d:%n", m.model(), m.context(), m.continuation());
      if (m.extraction() != null) {
        DemoMeasures.Extraction e = m.extraction();
        StringBuilder line =
            new StringBuilder(
                String.format(
                    "  extraction: greedy reproduces %.1f%% of rows; sampling (%s) finds with p >="
                        + " %.1f, by n =",
                    100 * e.greedyExact(), e.sampling(), e.p()));
        for (int i = 0; i < e.n().length; i++) {
          line.append(String.format(" %d: %.1f%%", e.n()[i], 100 * e.all()[i]));
        }
        int last = e.n().length - 1;
        if (e.plantedRows() > 0) {
          line.append(
              String.format(
                  " (n = %d: planted passages %.0f%%, other rows %.1f%%)",
                  e.n()[last], 100 * e.planted()[last], 100 * e.other()[last]));
        }
        print.println(line);
      }
      for (DemoMeasures.Membership b : m.membership()) {
        print.printf(
            "  membership %-9s AUC %.3f, TPR %.1f%% at 1%% FPR, %.1f%% at 0.1%% FPR%s%n",
            b.measure() + ":",
            b.auc(),
            100 * b.tprAt1(),
            100 * b.tprAt01(),
            b.plantedAuc() == null
                ? ""
                : String.format("; planted passages vs held-out AUC %.3f", b.plantedAuc()));
      }
      if (m.spans() != null) {
        DemoMeasures.Spans sp = m.spans();
        print.printf(
            "  corpus spans: longest span of a greedy continuation in the corpus %.1f tokens on"
                + " average, %.1f%% found in full%s%n",
            sp.meanLongest(),
            100 * sp.whole(),
            sp.planted() == null || sp.other() == null
                ? ""
                : String.format(
                    " (planted passages %.1f, other rows %.1f)", sp.planted(), sp.other()));
      }
      if (m.taxonomy() != null) {
        DemoMeasures.Taxonomy t = m.taxonomy();
        print.printf(
            "  taxonomy of %d memorized rows: recitation %.1f%%, reconstruction %.1f%%,"
                + " recollection %.1f%%; planted passages memorized %d, labelled recitation %d%n",
            t.memorized(),
            100 * t.shares()[0],
            100 * t.shares()[1],
            100 * t.shares()[2],
            t.plantedMemorized(),
            t.plantedRecitations());
      }
      if (!m.causal().isEmpty()) {
        StringBuilder profile = new StringBuilder();
        for (DemoMeasures.CausalEffect e : m.causal()) {
          if (!profile.isEmpty()) profile.append(", ");
          profile.append(
              e.stepsSince() == 0
                  ? String.format("%+.3f at the cohort's checkpoint", e.effect())
                  : String.format("%+.3f %d steps later", e.effect(), e.stepsSince()));
        }
        print.printf(
            "  causal memorization (difference in differences over the size's checkpoints, %d rows"
                + " treated): effect of training on a row's mean log-likelihood, nats/token: %s%n",
            m.causal().getFirst().treated(), profile);
      }
    }

    @Override
    public void predicted(PredictionSettings settings, PredictionRunner.Trained trained) {
      PredictCommand.Train.print(print, settings, trained);
    }

    @Override
    public void traced(String summary, Path figures) {
      print.println(summary);
      print.println("figures -> " + figures);
    }

    @Override
    public void finished(Path report, double seconds, Path out) {
      print.printf("%nreport of every analysis -> %s%n", report);
      print.printf("demo finished in %.1f s; outputs in %s%n", seconds, out);
      print.printf(
          "browse them: memtrace serve --db %s --index %s --report %s%s%n",
          out.resolve(Demo.RESULTS),
          out.resolve(Demo.INDEX),
          report.getParent(),
          memorized == null
              ? ""
              : " --models "
                  + String.join(
                      ",", memorized.models().stream().map(m -> m.dir().toString()).toList()));
    }
  }
}
