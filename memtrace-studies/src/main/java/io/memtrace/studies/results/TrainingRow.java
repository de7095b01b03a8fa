package io.memtrace.studies.results;

import io.memtrace.BadInputException;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One training row as study A saw it: its tokens and, for every model scored on the same rows (the
 * sizes and checkpoints of a suite), its scores at every (C, L), its copies in the training rows
 * and its taxonomy labels. The web UI's training-row view.
 *
 * @param tokens the row's first max(C + L) tokens over its scored settings
 * @param duplicates copies of the row in the training rows (planted manifest); null when unknown
 */
public record TrainingRow(
    String model,
    long row,
    int[] tokens,
    Integer duplicates,
    List<Score> scores,
    List<Label> labels) {

  /** A model's memorization of the row at one (C, L), from {@code memorization}. */
  public record Score(
      String model,
      Long step,
      Long size,
      int context,
      int continuation,
      double score,
      int matches,
      boolean exact,
      int firstMismatch,
      double bleu,
      Double extractionLogprob) {}

  /** A taxonomy label of the row (memorization_taxonomy) with the copies it was decided on. */
  public record Label(
      String model, int context, int continuation, String category, long trainingCopies) {}

  /**
   * The row {@code row} of {@code model}'s scores, its tokens read from {@code rows} (the store the
   * model was scored on, {@link MemorizationTable#source}); the scores of every model scored on the
   * same store.
   */
  public static TrainingRow of(ResultsDatabase db, String model, long row, TokenStore rows)
      throws IOException, SQLException {
    MemorizationTable.Source source = MemorizationTable.source(db, model);
    if (row < 0 || row >= rows.sequenceCount()) {
      throw new BadInputException(
          "row %d: expected a row of %s, 0 to %d"
              .formatted(row, source.store(), rows.sequenceCount() - 1));
    }
    List<Score> scores = new ArrayList<>();
    Integer duplicates = null;
    int length = 0;
    try (PreparedStatement p =
        db.prepare(
            "SELECT m.model, r.step, r.non_embedding_parameters, m.context,"
                + " m.continuation, m.score, m.matches, m.exact, m.first_mismatch, m.bleu,"
                + " m.extraction_logprob, m.duplicates FROM memorization m JOIN"
                + " memorization_sources s USING (model) LEFT JOIN models r USING (model)"
                + " WHERE m.row = ? AND s.rows_store = ? AND s.row_length IS NOT DISTINCT"
                + " FROM ? ORDER BY r.non_embedding_parameters NULLS LAST, r.step NULLS"
                + " LAST, m.model, m.context, m.continuation")) {
      p.setLong(1, row);
      p.setString(2, source.store().toString());
      p.setObject(3, source.rowLength());
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          scores.add(
              new Score(
                  r.getString(1),
                  r.getObject(2, Long.class),
                  r.getObject(3, Long.class),
                  r.getInt(4),
                  r.getInt(5),
                  r.getDouble(6),
                  r.getInt(7),
                  r.getBoolean(8),
                  r.getInt(9),
                  r.getDouble(10),
                  r.getObject(11, Double.class)));
          if (duplicates == null) duplicates = r.getObject(12, Integer.class);
          length = Math.max(length, r.getInt(4) + r.getInt(5));
        }
      }
    }
    if (scores.stream().noneMatch(s -> s.model().equals(model))) {
      throw new BadInputException("row %d: model '%s' has no score of it".formatted(row, model));
    }
    List<Label> labels = new ArrayList<>();
    if (db.hasTable(TaxonomyTable.TABLE)) {
      try (PreparedStatement p =
          db.prepare(
              "SELECT model, context, continuation, category, training_copies FROM "
                  + TaxonomyTable.TABLE
                  + " WHERE row = ? AND model IN (SELECT model FROM memorization_sources"
                  + " WHERE rows_store = ? AND row_length IS NOT DISTINCT FROM ?) ORDER BY"
                  + " model, context, continuation")) {
        p.setLong(1, row);
        p.setString(2, source.store().toString());
        p.setObject(3, source.rowLength());
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            labels.add(
                new Label(r.getString(1), r.getInt(2), r.getInt(3), r.getString(4), r.getLong(5)));
          }
        }
      }
    }
    int[] sequence = rows.sequence(row);
    int[] tokens = java.util.Arrays.copyOf(sequence, Math.min(length, sequence.length));
    return new TrainingRow(
        model, row, tokens, duplicates, List.copyOf(scores), List.copyOf(labels));
  }
}
