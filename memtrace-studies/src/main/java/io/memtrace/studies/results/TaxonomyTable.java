package io.memtrace.studies.results;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The memorization taxonomy of Prashanth et al. 2024 ("recite, reconstruct, recollect"), one row
 * per memorized row (score 1) of {@code memorization}, written by analyze with a corpus index and
 * replaced on every run:
 *
 * <pre>
 * memorization_taxonomy(model VARCHAR, row BIGINT, context INTEGER, continuation INTEGER,
 *        sequence_copies BIGINT,      -- index count of the row's first C + L tokens
 *        continuation_copies BIGINT,  -- index count of its L continuation tokens
 *        planted_copies INTEGER,      -- memorization.duplicates: copies in the training rows
 *        training_copies BIGINT,      -- greatest(sequence_copies, planted_copies): an index of
 *                                     -- the corpus holds a planted passage once, the training
 *                                     -- rows as often as it was planted
 *        zlib_ratio DOUBLE,           -- compressed / raw bytes of the C + L token ids
 *        mean_token_frequency DOUBLE, -- mean index count of the C + L tokens (unigrams)
 *        min_token_frequency BIGINT,  -- the rarest of them
 *        perplexity DOUBLE,           -- exp(-extraction_logprob / L): teacher-forced perplexity
 *                                     -- of the continuation; NULL where memorize stored none
 *        repeating BOOLEAN,           -- the C + L token ids repeat a chunk (released code's rule)
 *        incrementing BOOLEAN,        -- their text lists numbers in a pattern (released code's)
 *        category VARCHAR,            -- 'recitation' (training_copies > 5), else
 *                                     -- 'reconstruction' (a template), else 'recollection'
 *        PRIMARY KEY (model, row, context, continuation))
 * </pre>
 */
public final class TaxonomyTable {
  private TaxonomyTable() {}

  public static final String TABLE = "memorization_taxonomy";

  /** One labelled row. */
  public record Row(
      String model,
      long row,
      int context,
      int continuation,
      long sequenceCopies,
      long continuationCopies,
      Integer plantedCopies,
      long trainingCopies,
      double zlibRatio,
      double meanTokenFrequency,
      long minTokenFrequency,
      Double perplexity,
      boolean repeating,
      boolean incrementing,
      String category) {}

  /** Replaces the table's rows by {@code rows}. */
  public static void write(ResultsDatabase db, List<Row> rows) throws SQLException {
    db.transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "CREATE OR REPLACE TABLE "
                    + TABLE
                    + " (model VARCHAR, row BIGINT, context INTEGER, continuation INTEGER,"
                    + " sequence_copies BIGINT, continuation_copies BIGINT, planted_copies"
                    + " INTEGER, training_copies BIGINT, zlib_ratio DOUBLE, mean_token_frequency"
                    + " DOUBLE, min_token_frequency BIGINT, perplexity DOUBLE, repeating BOOLEAN,"
                    + " incrementing BOOLEAN, category VARCHAR, PRIMARY KEY (model, row, context,"
                    + " continuation))");
          }
          try (DuckDBAppender a =
              ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, TABLE)) {
            for (Row r : rows) {
              a.beginRow();
              a.append(r.model());
              a.append(r.row());
              a.append(r.context());
              a.append(r.continuation());
              a.append(r.sequenceCopies());
              a.append(r.continuationCopies());
              if (r.plantedCopies() == null) a.appendNull();
              else a.append(r.plantedCopies().intValue());
              a.append(r.trainingCopies());
              a.append(r.zlibRatio());
              a.append(r.meanTokenFrequency());
              a.append(r.minTokenFrequency());
              if (r.perplexity() == null) a.appendNull();
              else a.append(r.perplexity().doubleValue());
              a.append(r.repeating());
              a.append(r.incrementing());
              a.append(r.category());
              a.endRow();
            }
          }
        });
  }
}
