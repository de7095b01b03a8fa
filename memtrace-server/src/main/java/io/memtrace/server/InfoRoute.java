package io.memtrace.server;

import io.helidon.webserver.http.HttpRouting;
import io.memtrace.index.IndexReader;
import io.memtrace.studies.results.ResultsDatabase;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/info}: what is being served — the index's size, the models, the database's tables,
 * whether the analyses' report is.
 */
final class InfoRoute {
  private final ResultsDatabase db;
  private final IndexReader index;
  private final List<String> models;
  private final boolean report;

  InfoRoute(
      ResultsDatabase db, IndexReader index, java.util.Collection<String> models, boolean report) {
    this.db = db;
    this.index = index;
    this.models = List.copyOf(models);
    this.report = report;
  }

  /**
   * @param index null when none is served
   * @param tables row count per table of the results database
   * @param report whether {@code /report} serves the analyses' report
   */
  record Info(
      Corpus index,
      List<String> models,
      String database,
      Map<String, Long> tables,
      boolean report) {}

  record Corpus(String directory, long documents, long tokens, int vocabulary, int shards) {}

  void register(HttpRouting.Builder routing, ServeSettings.Limits limits) {
    routing.get("/api/info", JsonHandler.of(limits, r -> info()));
  }

  private Info info() throws SQLException {
    Map<String, Long> tables = new LinkedHashMap<>();
    synchronized (db) {
      for (String t : db.tables()) tables.put(t, db.rowCount(t));
    }
    Corpus corpus =
        index == null
            ? null
            : new Corpus(
                index.directory().getFileName().toString(),
                index.documentCount(),
                index.tokenCount(),
                index.vocabSize(),
                index.shards().size());
    return new Info(corpus, models, db.file().getFileName().toString(), tables, report);
  }
}
