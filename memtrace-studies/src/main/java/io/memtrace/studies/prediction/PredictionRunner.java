package io.memtrace.studies.prediction;

import io.memtrace.BadInputException;
import io.memtrace.memorization.MemorizationPredictor;
import io.memtrace.memorization.PredictorFile;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.analysis.PredictionFigures;
import io.memtrace.studies.results.PredictionTable;
import io.memtrace.studies.results.ResultsDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Study A (f): predicting, per continuation token, whether greedy decoding reproduces it. {@link
 * #train} draws a balanced sample of a model's scored rows per exact score level, reruns the model
 * for the features, splits 70/15/15 by row and trains the predictor and its baselines (study A's
 * released configuration among them); {@link #evaluate} scores a saved predictor on another model's
 * test rows (same sample and split for the same settings). Test results go to {@code
 * prediction_results}.
 */
public final class PredictionRunner {
  /** The predictor's file in its directory. */
  public static final String FILE = "predictor.safetensors";

  private PredictionRunner() {}

  /**
   * A training run: the sample, the predictor's size and chosen epoch, the rows the released
   * configuration trained on (below level L), and the test results of every predictor.
   */
  public record Trained(
      int rows,
      MemorizationPredictor.Split split,
      MemorizationPredictor.Settings network,
      int bestEpoch,
      int epochs,
      int releasedTrainRows,
      List<MemorizationPredictor.Evaluation> test,
      Path predictor) {}

  /** An evaluation of a saved predictor. */
  public record Evaluated(String trainedOn, MemorizationPredictor.Evaluation test) {}

  public static Trained train(PredictionSettings s, int epochs, Path out, Path db)
      throws IOException, SQLException {
    try (ResultsDatabase results = ResultsDatabase.open(existing(db))) {
      if (s.hidden() < 0 || s.layers() < 1 || s.heads() < 0) {
        throw new BadInputException(
            "predictor hidden "
                + s.hidden()
                + ", layers "
                + s.layers()
                + ", heads "
                + s.heads()
                + "; expected hidden >= 0 (0: the model's), layers >= 1, heads >= 0 (0: 8 or the"
                + " most that fit)");
      }
      if (s.hidden() > 0
          && s.heads() > 0
          && (s.hidden() % s.heads() != 0 || s.hidden() / s.heads() % 2 != 0)) {
        throw new BadInputException(
            s.heads()
                + " heads do not split a predictor of width "
                + s.hidden()
                + " into heads of an even size (rotary positions turn pairs of dimensions)");
      }
      Data data = data(s, results);
      int dim = data.features().dim();
      MemorizationPredictor.Settings defaults =
          MemorizationPredictor.Settings.defaults(dim, s.seed());
      int width = s.hidden() > 0 ? s.hidden() : defaults.width();
      var settings =
          new MemorizationPredictor.Settings(
              width,
              s.layers(),
              s.heads() > 0 ? s.heads() : MemorizationPredictor.Settings.defaultHeads(width),
              epochs,
              defaults.patience(),
              defaults.learningRate(),
              s.seed());
      MemorizationPredictor.Report report =
          MemorizationPredictor.run(data.rows(), data.features(), settings, s.threads());
      Files.createDirectories(out);
      Path file = out.resolve(FILE);
      PredictorFile.save(
          file,
          report.predictor(),
          report.featureMean(),
          report.featureScale(),
          Map.of(
              "model", s.model(),
              "context", String.valueOf(s.context()),
              "continuation", String.valueOf(s.continuation()),
              "per_level", String.valueOf(s.perLevel()),
              "seed", String.valueOf(s.seed()),
              "best_epoch", String.valueOf(report.training().bestEpoch())));
      PredictionTable.replace(
          results, s.model(), s.model(), s.context(), s.continuation(), report.test());
      PredictionFigures.write(
          results, s.figures(), s.model(), s.model(), s.context(), s.continuation());
      return new Trained(
          data.rows().size(),
          report.split(),
          settings,
          report.training().bestEpoch() + 1,
          report.training().validationLoss().size(),
          report.released().trainRows(),
          report.test(),
          file);
    }
  }

  public static Evaluated evaluate(PredictionSettings s, Path predictor, Path db)
      throws IOException, SQLException {
    Path file = predictor.resolve(FILE);
    if (!Files.exists(file)) throw BadInputException.in(file, "no such predictor");
    PredictorFile.Loaded loaded = PredictorFile.load(file, s.threads());
    String trainedOn = loaded.metadata().getOrDefault("model", "?");
    for (String[] k :
        new String[][] {
          {"context", String.valueOf(s.context())},
          {"continuation", String.valueOf(s.continuation())}
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
    try (ResultsDatabase results = ResultsDatabase.open(existing(db))) {
      Data data = data(s, results);
      MemorizationPredictor.Evaluation e =
          MemorizationPredictor.evaluate(
              MemorizationPredictor.PREDICTOR,
              loaded,
              data.rows(),
              data.features(),
              data.split().test());
      PredictionTable.replace(
          results, s.model(), trainedOn, s.context(), s.continuation(), List.of(e));
      PredictionFigures.write(
          results, s.figures(), s.model(), trainedOn, s.context(), s.continuation());
      return new Evaluated(trainedOn, e);
    }
  }

  /** The balanced sample, its features from the model, and the seeded split. */
  private record Data(
      List<MemorizationPredictor.Row> rows,
      MemorizationPredictor.Features features,
      MemorizationPredictor.Split split) {}

  private static Data data(PredictionSettings s, ResultsDatabase db)
      throws IOException, SQLException {
    PredictRows scored = PredictRows.read(db, s.model(), s.context(), s.continuation());
    List<MemorizationPredictor.Row> rows =
        MemorizationPredictor.balanced(scored.rows(), s.perLevel(), s.seed());
    if (rows.size() < 10) {
      throw BadInputException.in(
          db.file(),
          rows.size() + " rows of '" + s.model() + "' to sample; the predictor needs 10");
    }
    try (LanguageModel lm = LanguageModel.load(scored.modelDir(), s.threads())) {
      return new Data(
          rows,
          MemorizationPredictor.features(
              lm, rows, scored.eosSuppressed() ? lm.config().eosTokenIds() : List.of(), 32),
          MemorizationPredictor.Split.of(rows.size(), s.seed()));
    }
  }

  private static Path existing(Path db) throws BadInputException {
    if (!Files.exists(db)) throw BadInputException.in(db, "no such database");
    return db;
  }
}
