package io.memtrace.server;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.memtrace.studies.results.MemorizationBrowse;
import io.memtrace.studies.results.ResultsDatabase;
import java.util.Locale;

/**
 * The memorization browser's answers: {@code /api/memorization} (a filtered, sorted page of study
 * A's scores) and {@code /api/memorization/choices} (the models, C and L it can filter by).
 */
final class MemorizationRoutes {
  private final ResultsDatabase db;
  private final ServeSettings.Limits limits;

  MemorizationRoutes(ResultsDatabase db, ServeSettings.Limits limits) {
    this.db = db;
    this.limits = limits;
  }

  void register(HttpRouting.Builder routing) {
    routing
        .get("/api/memorization", JsonHandler.of(limits, this::page))
        .get("/api/memorization/choices", JsonHandler.of(limits, r -> choices()));
  }

  private Object choices() throws Exception {
    // One connection serves every request: one query at a time.
    synchronized (db) {
      return MemorizationBrowse.choices(db);
    }
  }

  private Object page(ServerRequest r) throws Exception {
    QueryParams p = new QueryParams(r.query(), limits);
    var filter =
        new MemorizationBrowse.Filter(
            p.text("model"),
            p.has("step") ? p.number("step", 0, 0, Long.MAX_VALUE) : null,
            p.has("context") ? p.integer("context", 0, 1, Integer.MAX_VALUE) : null,
            p.has("continuation") ? p.integer("continuation", 0, 1, Integer.MAX_VALUE) : null,
            p.fraction("min_score"),
            p.fraction("max_score"),
            p.has("min_duplicates") ? p.integer("min_duplicates", 0, 0, Integer.MAX_VALUE) : null,
            sort(p.text("sort")),
            !"asc".equals(p.text("order")));
    long from = p.number("from", 0, 0, Long.MAX_VALUE);
    int limit = p.integer("limit", 25, 1, limits.page());
    synchronized (db) {
      return MemorizationBrowse.page(db, filter, from, limit);
    }
  }

  private static MemorizationBrowse.Sort sort(String name) throws RequestException {
    if (name == null) return MemorizationBrowse.Sort.SCORE;
    try {
      return MemorizationBrowse.Sort.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw RequestException.bad(
          "sort '"
              + name
              + "': expected one of score, row, matches, first_mismatch, bleu, duplicates");
    }
  }
}
