package io.memtrace.studies.results;

import io.memtrace.memorization.MemorizationPredictor;
import io.memtrace.memorization.PredictionMetrics;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

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
}
