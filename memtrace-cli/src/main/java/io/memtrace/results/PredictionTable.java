package io.memtrace.results;

import io.memtrace.memorization.MemorizationPredictor;
import io.memtrace.memorization.PredictionMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Study A (f)'s results in the results database, one row per predictor and level:
 *
 * <pre>
 * prediction_results(model VARCHAR,        -- whose rows were predicted
 *        trained_on VARCHAR,               -- whose rows trained the predictor
 *        context INTEGER, continuation INTEGER, predictor VARCHAR,
 *        level INTEGER,                    -- exact level k of score k / L; -1 for all rows
 *        tokens BIGINT, token_accuracy DOUBLE, sequences BIGINT, sequence_accuracy DOUBLE,
 *        f1 DOUBLE)                        -- F1 of "greedy decoding reproduces the token"
 * </pre>
 *
 * Test-split results only; a new run replaces the rows of the same (model, trained_on, C, L,
 * predictor).
 */
public final class PredictionTable {
  private PredictionTable() {}

  public static void replace(
      ResultsDatabase db,
      String model,
      String trainedOn,
      int context,
      int continuation,
      List<MemorizationPredictor.Evaluation> evaluations)
      throws SQLException {
    db.transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "CREATE TABLE IF NOT EXISTS prediction_results (model VARCHAR, trained_on VARCHAR,"
                    + " context INTEGER, continuation INTEGER, predictor VARCHAR, level INTEGER,"
                    + " tokens BIGINT, token_accuracy DOUBLE, sequences BIGINT, sequence_accuracy"
                    + " DOUBLE, f1 DOUBLE)");
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "DELETE FROM prediction_results WHERE model = ? AND trained_on = ? AND context ="
                      + " ? AND continuation = ? AND predictor = ?")) {
            for (MemorizationPredictor.Evaluation e : evaluations) {
              p.setString(1, model);
              p.setString(2, trainedOn);
              p.setInt(3, context);
              p.setInt(4, continuation);
              p.setString(5, e.predictor());
              p.execute();
            }
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO prediction_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (MemorizationPredictor.Evaluation e : evaluations) {
              insert(p, model, trainedOn, context, continuation, e.predictor(), -1, e.all());
              for (var level : e.byLevel().entrySet()) {
                insert(
                    p,
                    model,
                    trainedOn,
                    context,
                    continuation,
                    e.predictor(),
                    level.getKey(),
                    level.getValue());
              }
            }
            p.executeBatch();
          }
        });
  }

  private static void insert(
      PreparedStatement p,
      String model,
      String trainedOn,
      int context,
      int continuation,
      String predictor,
      int level,
      PredictionMetrics m)
      throws SQLException {
    p.setString(1, model);
    p.setString(2, trainedOn);
    p.setInt(3, context);
    p.setInt(4, continuation);
    p.setString(5, predictor);
    p.setInt(6, level);
    p.setLong(7, m.tokens());
    p.setDouble(8, m.tokenAccuracy());
    p.setLong(9, m.sequences());
    p.setDouble(10, m.sequenceAccuracy());
    p.setDouble(11, m.f1());
    p.addBatch();
  }

  /** Accuracy bars per predictor and token accuracy per level, for one (model, C, L). */
  public static void figures(
      ResultsDatabase db, Path dir, String model, String trainedOn, int context, int continuation)
      throws SQLException, IOException {
    Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
    Map<String, List<double[]>> levels = new TreeMap<>();
    try (PreparedStatement p =
        db.connection()
            .prepareStatement(
                "SELECT predictor, level, token_accuracy, sequence_accuracy FROM"
                    + " prediction_results WHERE model = ? AND trained_on = ? AND context = ? AND"
                    + " continuation = ? ORDER BY predictor, level")) {
      p.setString(1, model);
      p.setString(2, trainedOn);
      p.setInt(3, context);
      p.setInt(4, continuation);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          String predictor = r.getString(1);
          if (r.getInt(2) < 0) {
            bars.computeIfAbsent("token accuracy", k -> new LinkedHashMap<>())
                .put(predictor, r.getDouble(3));
            bars.computeIfAbsent("full-sequence accuracy", k -> new LinkedHashMap<>())
                .put(predictor, r.getDouble(4));
          } else {
            levels
                .computeIfAbsent(predictor, k -> new java.util.ArrayList<>())
                .add(new double[] {(double) r.getInt(2) / continuation, r.getDouble(3)});
          }
        }
      }
    }
    String name =
        (model
                + (model.equals(trainedOn) ? "" : "_on_" + trainedOn)
                + "_C"
                + context
                + "_L"
                + continuation)
            .replaceAll("[^A-Za-z0-9_.-]", "_");
    String title = model + (model.equals(trainedOn) ? "" : " (trained on " + trainedOn + ")");
    Figures.bars(
        dir,
        "predict_accuracy_" + name,
        "Predicting memorization per token, " + title + ", C=" + context + " L=" + continuation,
        "predictor",
        "accuracy on test rows",
        bars);
    Figures.lines(
        dir,
        "predict_levels_" + name,
        "Token accuracy by score level, " + title,
        "score k / L",
        "token accuracy",
        levels,
        false);
  }
}
