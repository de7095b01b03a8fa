package io.memtrace.studies.analysis;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study A's analyses of a database holding memorization scores: each analysis a table ({@code
 * analysis_*}) and a figure.
 */
public final class AnalysisRunner {
  private AnalysisRunner() {}

  /** A table an analysis wrote, with its row count. */
  public record Written(String table, long rows) {}

  /** The tables written and the report page over them. */
  public record Result(List<Written> tables, Path report) {}

  /** The settings a report shows. */
  public static Map<String, String> settings(AnalysisSettings s, Path db) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("results database", db.toAbsolutePath().normalize().toString());
    m.put("figures", s.figures().toAbsolutePath().normalize().toString());
    m.put(
        "corpus index (n-gram dynamics, taxonomy)",
        s.index() == null ? "none" : s.index().toString());
    m.put("embedding dynamics", String.valueOf(s.embeddings()));
    m.put("sizes compared at step", s.step() == null ? "each size's last" : s.step().toString());
    m.put(
        "membership reference model",
        s.reference() == null ? "the smallest compared size of each family" : s.reference());
    return m;
  }

  public static Result run(AnalysisSettings s, Path db) throws IOException, SQLException {
    if (!Files.exists(db)) throw BadInputException.in(db, "no such database");
    try (ResultsDatabase r = ResultsDatabase.open(db)) {
      if (r.rowCount("memorization") == 0) {
        throw BadInputException.in(db, "holds no memorization scores (run memorize first)");
      }
      List<String> tables =
          new ArrayList<>(
              MemorizationAnalyses.run(r, s.figures(), s.step(), s.reference(), s.batch()));
      if (s.index() != null) {
        try (IndexReader ix = IndexReader.open(s.index())) {
          tables.addAll(NgramDynamics.run(r, ix, s.tokenizer(), s.figures()));
          try (Tokenizer tokenizer = TaxonomyAnalyses.tokenizer(r, ix, s.tokenizer())) {
            tables.addAll(TaxonomyAnalyses.run(r, ix, tokenizer, s.figures()));
          }
        }
      }
      if (s.embeddings()) tables.addAll(EmbeddingDynamics.run(r, s.figures(), s.threads()));
      List<Written> out = new ArrayList<>();
      for (String t : tables) out.add(new Written(t, r.rowCount(t)));
      return new Result(out, Report.write(r, s.figures(), settings(s, db)));
    }
  }
}
