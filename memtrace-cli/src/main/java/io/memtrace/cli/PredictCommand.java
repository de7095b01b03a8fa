package io.memtrace.cli;

import io.memtrace.OutputPaths;
import io.memtrace.cli.options.Counts;
import io.memtrace.memorization.MemorizationPredictor;
import io.memtrace.studies.prediction.PredictionRunner;
import io.memtrace.studies.prediction.PredictionSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace predict train|eval}: study A (f), predicting memorization per token. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Predict, per continuation token, whether greedy decoding reproduces it.",
    subcommands = {PredictCommand.Train.class, PredictCommand.Eval.class})
final class PredictCommand {
  /** Options both subcommands take: which scored rows, how they are sampled. */
  static class Selection {
    @Option(
        names = "--db",
        required = true,
        paramLabel = "FILE",
        description = "memorize database.")
    Path db;

    @Option(
        names = "--model",
        required = true,
        description = "Model name in the database (see results export --table models).")
    String model;

    @Option(
        names = "--context",
        converter = Counts.Positive.class,
        defaultValue = "32",
        description = "C. Default: 32.")
    int context;

    @Option(
        names = "--continuation",
        converter = Counts.Positive.class,
        defaultValue = "16",
        description = "L. Default: 16.")
    int continuation;

    @Option(
        names = "--per-level",
        converter = Counts.Positive.class,
        defaultValue = "2000",
        description =
            "Rows drawn per exact score level k / L; a level with fewer gives all it has."
                + " Default: 2000 (study A's released sample).")
    int perLevel;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling and split seed.")
    long seed;

    @Option(
        names = "--threads",
        converter = Counts.Positive.class,
        paramLabel = "N",
        description = "Default: all processors.")
    Integer threads;

    @Option(names = "--figures", paramLabel = "DIR", description = "Default: beside --db.")
    Path figures;

    PredictionSettings settings() {
      return new PredictionSettings(
          model,
          context,
          continuation,
          perLevel,
          seed,
          threads == null ? Runtime.getRuntime().availableProcessors() : threads,
          figures == null ? db.toAbsolutePath().resolveSibling("figures") : figures,
          PredictionSettings.DEFAULT_HIDDEN,
          PredictionSettings.DEFAULT_LAYERS,
          PredictionSettings.DEFAULT_HEADS);
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Train the predictor (and its baselines, study A's released configuration among them) on"
            + " a model's scored rows: a balanced sample per score level, split 70/15/15 by row,"
            + " the epoch chosen on validation; test results into prediction_results, the"
            + " predictor into --out."
      })
  static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin Selection selection = new Selection();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Predictor dir.")
    Path out;

    @Option(
        names = "--epochs",
        converter = Counts.Positive.class,
        defaultValue = "40",
        description = "At most (the released configuration: at most 30). Default: 40.")
    int epochs;

    @Option(
        names = "--hidden",
        converter = Counts.Positive.class,
        paramLabel = "N",
        description =
            "Predictor width. Default: the model's hidden size (study A's encoder is as wide as"
                + " the LM).")
    Integer hidden;

    @Option(
        names = "--layers",
        converter = Counts.Positive.class,
        paramLabel = "N",
        defaultValue = "4",
        description = "Predictor Transformer layers. Default: 4 (as study A's).")
    int layers;

    @Option(
        names = "--heads",
        converter = Counts.Positive.class,
        paramLabel = "N",
        description =
            "Attention heads; they must split the width into heads of an even size. Default: 8"
                + " (as study A's), or the most below that fit.")
    Integer heads;

    @Override
    public Integer call() throws Exception {
      OutputPaths.prepare(out, selection.db);
      PredictionSettings s =
          selection
              .settings()
              .withNetwork(
                  hidden == null ? PredictionSettings.DEFAULT_HIDDEN : hidden,
                  layers,
                  heads == null ? PredictionSettings.DEFAULT_HEADS : heads);
      print(spec.commandLine().getOut(), s, PredictionRunner.train(s, epochs, out, selection.db));
      return 0;
    }

    static void print(PrintWriter print, PredictionSettings s, PredictionRunner.Trained t) {
      print.printf(
          "%s, C=%d L=%d: %,d rows (train %d, validation %d, test %d)%n",
          s.model(),
          s.context(),
          s.continuation(),
          t.rows(),
          t.split().train().length,
          t.split().validation().length,
          t.split().test().length);
      print.printf(
          "  transformer: width %d, %d layers, %d heads, best epoch %d of %d;"
              + " released-study-a: %d training rows below level L%n",
          t.network().width(),
          t.network().layers(),
          t.network().heads(),
          t.bestEpoch(),
          t.epochs(),
          t.releasedTrainRows());
      print.print(table(t.test()));
      print.println("predictor -> " + t.predictor());
    }
  }

  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      description = {
        "Evaluate a trained predictor on a model's test rows (the same sample and split as train"
            + " with the same --per-level and --seed), e.g. one trained on another model size."
      })
  static final class Eval implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin Selection selection = new Selection();

    @Option(names = "--predictor", required = true, paramLabel = "DIR", description = "From train.")
    Path predictor;

    @Override
    public Integer call() throws Exception {
      PredictionSettings s = selection.settings();
      PredictionRunner.Evaluated e = PredictionRunner.evaluate(s, predictor, selection.db);
      spec.commandLine()
          .getOut()
          .printf(
              "%s test rows, predictor trained on %s:%n%s",
              s.model(), e.trainedOn(), table(List.of(e.test())));
      return 0;
    }
  }

  static String table(List<MemorizationPredictor.Evaluation> evaluations) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "  %-26s %8s %10s %10s %8s%n", "predictor", "tokens", "token acc", "seq acc", "F1"));
    for (MemorizationPredictor.Evaluation e : evaluations) {
      out.append(
          String.format(
              "  %-26s %,8d %10.3f %10.3f %8.3f%n",
              e.predictor(),
              e.all().tokens(),
              e.all().tokenAccuracy(),
              e.all().sequenceAccuracy(),
              e.all().f1()));
    }
    return out.toString();
  }
}
