package io.memtrace.server;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.memtrace.studies.results.MemorizationTable;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.studies.results.TrainingRow;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training-row view's answer: {@code /api/row?model=M&row=R}, a {@link TrainingRow}. The rows
 * stores are the ones the database records for its models (memorization_sources), opened at start;
 * a request names a model and a row number, never a file.
 */
final class RowRoutes implements AutoCloseable {
  private final ResultsDatabase db;
  private final ServeSettings.Limits limits;
  private final Map<String, MemorizationTable.Source> sources;
  private final Map<MemorizationTable.Source, TokenStore> stores = new HashMap<>();
  private final Map<MemorizationTable.Source, String> missing = new HashMap<>();

  RowRoutes(ResultsDatabase db, ServeSettings.Limits limits) throws SQLException {
    this.db = db;
    this.limits = limits;
    this.sources = new LinkedHashMap<>(MemorizationTable.sources(db));
    for (MemorizationTable.Source source : sources.values()) {
      if (stores.containsKey(source) || missing.containsKey(source)) continue;
      try {
        stores.put(source, source.open());
      } catch (IOException e) {
        // The database outlived its rows: scores stay browsable, the row's tokens are not.
        missing.put(source, e.getMessage());
      }
    }
  }

  void register(HttpRouting.Builder routing) {
    routing.get("/api/row", JsonHandler.of(limits, this::row));
  }

  private Object row(ServerRequest r) throws Exception {
    QueryParams p = new QueryParams(r.query(), limits);
    String model = p.text("model");
    if (model == null || !p.has("row")) throw RequestException.bad("give model and row");
    MemorizationTable.Source source = sources.get(model);
    if (source == null) {
      throw RequestException.bad("model '" + model + "': no memorization scores of it");
    }
    TokenStore rows = stores.get(source);
    if (rows == null) {
      throw RequestException.bad("the training rows of '" + model + "': " + missing.get(source));
    }
    long row = p.number("row", 0, 0, Long.MAX_VALUE);
    synchronized (db) {
      return TrainingRow.of(db, model, row, rows);
    }
  }

  @Override
  public void close() {
    stores.values().forEach(TokenStore::close);
  }
}
