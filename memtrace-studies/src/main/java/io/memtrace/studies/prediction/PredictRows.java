package io.memtrace.studies.prediction;

import io.memtrace.BadInputException;
import io.memtrace.memorization.MemorizationPredictor;
import io.memtrace.studies.results.MemorizationTable;
import io.memtrace.studies.results.ModelRegistry;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A memorize database's scored rows of one model and (C, L) as the predictor's rows: the context
 * and true continuation from the training rows, the greedy continuation from the database.
 */
record PredictRows(Path modelDir, boolean eosSuppressed, List<MemorizationPredictor.Row> rows) {
  static PredictRows read(ResultsDatabase db, String model, int context, int continuation)
      throws IOException, SQLException {
    Path dir = ModelRegistry.path(db, model);
    MemorizationTable.Source source = MemorizationTable.source(db, model);
    List<MemorizationPredictor.Row> rows = new ArrayList<>();
    try (TokenStore tokens = source.open();
        PreparedStatement p =
            db.connection()
                .prepareStatement(
                    "SELECT row, generated FROM memorization WHERE model = ? AND context = ? AND"
                        + " continuation = ? ORDER BY row")) {
      p.setString(1, model);
      p.setInt(2, context);
      p.setInt(3, continuation);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          long row = r.getLong(1);
          Object[] g = (Object[]) r.getArray(2).getArray();
          int[] generated = new int[g.length];
          for (int i = 0; i < g.length; i++) generated[i] = ((Number) g[i]).intValue();
          int[] seq = tokens.sequence(row);
          rows.add(
              new MemorizationPredictor.Row(
                  row,
                  Arrays.copyOf(seq, context),
                  Arrays.copyOfRange(seq, context, context + continuation),
                  generated));
        }
      }
    }
    if (rows.isEmpty()) {
      throw BadInputException.in(
          db.file(),
          "has no memorization rows of '"
              + model
              + "' for context "
              + context
              + " and continuation "
              + continuation);
    }
    return new PredictRows(dir, source.eosSuppressed(), rows);
  }
}
