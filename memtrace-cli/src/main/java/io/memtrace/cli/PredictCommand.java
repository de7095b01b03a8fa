package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.memorization.MemorizationPredictor;
import io.memtrace.memorization.PredictorFile;
import io.memtrace.model.LanguageModel;
import io.memtrace.results.PredictionTable;
import io.memtrace.results.ResultsDatabase;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--context", defaultValue = "32", description = "C. Default: 32.")
    int context;

    @Option(names = "--continuation", defaultValue = "16", description = "L. Default: 16.")
    int continuation;

    @Option(
        names = "--per-level",
        defaultValue = "60",
        description = "Rows drawn per exact score level k / L. Default: 60.")
    int perLevel;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling and split seed.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Default: all processors.")
    Integer threads;

    @Option(names = "--figures", paramLabel = "DIR", description = "Default: beside --db.")
    Path figures;

    int threads() {
      return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }

    Path figureDir() {
      return figures == null ? db.toAbsolutePath().resolveSibling("figures") : figures;
    }

    /** The balanced sample, its features from the model, and the seeded split. */
    record Data(
        List<MemorizationPredictor.Row> rows,
        MemorizationPredictor.Features features,
        MemorizationPredictor.Split split) {}

    Data data(ResultsDatabase db) throws Exception {
      PredictRows scored = PredictRows.read(db, model, context, continuation);
      List<MemorizationPredictor.Row> rows =
          MemorizationPredictor.balanced(scored.rows(), perLevel, seed);
      if (rows.size() < 10) {
        throw BadInputException.in(
            this.db, rows.size() + " rows of '" + model + "' to sample; the predictor needs 10");
      }
      try (LanguageModel lm = LanguageModel.load(scored.modelDir(), threads())) {
        return new Data(
            rows,
            MemorizationPredictor.features(lm, rows, 32),
            MemorizationPredictor.Split.of(rows.size(), seed));
      }
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Train the predictor (and its baselines) on a model's scored rows: a balanced sample per"
            + " score level, split 70/15/15 by row, the epoch chosen on validation; test results"
            + " into prediction_results, the predictor into --out."
      })
  static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin Selection selection = new Selection();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Predictor dir.")
    Path out;

    @Option(names = "--epochs", defaultValue = "40", description = "At most. Default: 40.")
    int epochs;

    @Override
    public Integer call() throws Exception {
      Selection s = selection;
      PrintWriter print = spec.commandLine().getOut();
      try (ResultsDatabase db = ResultsDatabase.open(existing(s.db))) {
        Selection.Data data = s.data(db);
        MemorizationPredictor.Settings defaults = MemorizationPredictor.Settings.defaults(s.seed);
        MemorizationPredictor.Settings settings =
            new MemorizationPredictor.Settings(
                defaults.width(),
                defaults.layers(),
                defaults.heads(),
                epochs,
                defaults.patience(),
                defaults.learningRate(),
                s.seed);
        MemorizationPredictor.Report report =
            MemorizationPredictor.run(data.rows(), data.features(), settings, s.threads());
        Files.createDirectories(out);
        PredictorFile.save(
            out.resolve("predictor.safetensors"),
            report.predictor(),
            report.featureMean(),
            report.featureScale(),
            Map.of(
                "model", s.model,
                "context", String.valueOf(s.context),
                "continuation", String.valueOf(s.continuation),
                "per_level", String.valueOf(s.perLevel),
                "seed", String.valueOf(s.seed),
                "best_epoch", String.valueOf(report.training().bestEpoch())));
        PredictionTable.replace(db, s.model, s.model, s.context, s.continuation, report.test());
        PredictionTable.figures(db, s.figureDir(), s.model, s.model, s.context, s.continuation);
        print.printf(
            "%s, C=%d L=%d: %,d rows (train %d, validation %d, test %d), best epoch %d of %d%n",
            s.model,
            s.context,
            s.continuation,
            data.rows().size(),
            report.split().train().length,
            report.split().validation().length,
            report.split().test().length,
            report.training().bestEpoch() + 1,
            report.training().validationLoss().size());
        print.print(table(report.test()));
        print.println("predictor -> " + out.resolve("predictor.safetensors"));
      }
      return 0;
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
      Selection s = selection;
      Path file = predictor.resolve("predictor.safetensors");
      if (!Files.exists(file)) throw BadInputException.in(file, "no such predictor");
      PredictorFile.Loaded loaded = PredictorFile.load(file, s.threads());
      String trainedOn = loaded.metadata().getOrDefault("model", "?");
      for (String[] k :
          new String[][] {
            {"context", String.valueOf(s.context)}, {"continuation", String.valueOf(s.continuation)}
          }) {
        String trained = loaded.metadata().get(k[0]);
        if (trained != null && !trained.equals(k[1])) {
          throw BadInputException.in(
              file,
              "was trained with "
                  + k[0]
                  + " "
                  + trained
                  + ", not "
                  + k[1]
                  + "; pass --"
                  + k[0]
                  + " "
                  + trained);
        }
      }
      try (ResultsDatabase db = ResultsDatabase.open(existing(s.db))) {
        Selection.Data data = s.data(db);
        MemorizationPredictor.Evaluation e =
            MemorizationPredictor.evaluate(
                MemorizationPredictor.PREDICTOR,
                loaded,
                data.rows(),
                data.features(),
                data.split().test());
        PredictionTable.replace(db, s.model, trainedOn, s.context, s.continuation, List.of(e));
        PredictionTable.figures(db, s.figureDir(), s.model, trainedOn, s.context, s.continuation);
        spec.commandLine()
            .getOut()
            .printf(
                "%s test rows, predictor trained on %s:%n%s",
                s.model, trainedOn, table(List.of(e)));
      }
      return 0;
    }
  }

  private static Path existing(Path db) throws BadInputException {
    if (!Files.exists(db)) throw BadInputException.in(db, "no such database");
    return db;
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
