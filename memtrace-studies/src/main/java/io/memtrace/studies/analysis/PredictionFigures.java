package io.memtrace.studies.analysis;

import io.memtrace.studies.results.ResultsDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Figures of study A (f)'s {@code prediction_results}. */
public final class PredictionFigures {
  private PredictionFigures() {}

  /** Accuracy bars per predictor and token accuracy per level, for one (model, C, L). */
  public static void write(
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
        Figures.fileName(
            model
                + (model.equals(trainedOn) ? "" : "_on_" + trainedOn)
                + "_C"
                + context
                + "_L"
                + continuation);
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
