package io.memtrace.server;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.memtrace.index.CooccurrencePages;
import io.memtrace.index.IndexReader;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.studies.results.TracingBrowse;
import io.memtrace.tokens.Tokenizer;
import io.memtrace.tracing.NgramDocuments;
import java.util.Locale;

/**
 * Study B's answers: {@code /api/tracing/tasks}, {@code /api/tracing/task} (Mem_n, Mem_inf and
 * generalization per model, the embedding filter, its truth check, performance vs coverage), {@code
 * /api/tracing/pairs} (kept pairs with their counts, paged and sorted) and, with an index, {@code
 * /api/tracing/pair/documents} (the documents holding both n-grams of a pair, in the spellings the
 * study counted).
 */
final class TracingRoutes {
  private final ResultsDatabase db;
  private final IndexReader index;
  private final Tokenizer tokenizer;
  private final ServeSettings.Limits limits;

  /**
   * @param index null when none is served (then no pair documents)
   */
  TracingRoutes(
      ResultsDatabase db, IndexReader index, Tokenizer tokenizer, ServeSettings.Limits limits) {
    this.db = db;
    this.index = index;
    this.tokenizer = tokenizer;
    this.limits = limits;
  }

  void register(HttpRouting.Builder routing) {
    routing
        .get("/api/tracing/tasks", JsonHandler.of(limits, r -> tasks()))
        .get("/api/tracing/task", JsonHandler.of(limits, this::task))
        .get("/api/tracing/pairs", JsonHandler.of(limits, this::pairs));
    if (index != null) {
      routing.get("/api/tracing/pair/documents", JsonHandler.of(limits, this::pairDocuments));
    }
  }

  private Object tasks() throws Exception {
    // One connection serves every request: one query at a time.
    synchronized (db) {
      return TracingBrowse.tasks(db);
    }
  }

  private Object task(ServerRequest r) throws Exception {
    String task = task(new QueryParams(r.query(), limits));
    TracingBrowse.Task answer;
    synchronized (db) {
      answer = TracingBrowse.task(db, task);
    }
    if (answer == null) throw new RequestException(Status.NOT_FOUND_404, "no task '" + task + "'");
    return answer;
  }

  private Object pairs(ServerRequest r) throws Exception {
    QueryParams p = new QueryParams(r.query(), limits);
    String task = task(p);
    TracingBrowse.Sort sort = sort(p.text("sort"));
    boolean descending = !"asc".equals(p.text("order"));
    long from = p.number("from", 0, 0, Long.MAX_VALUE);
    int limit = p.integer("limit", 25, 1, limits.page());
    synchronized (db) {
      return TracingBrowse.pairs(db, task, sort, descending, from, limit);
    }
  }

  private Object pairDocuments(ServerRequest r) throws Exception {
    QueryParams p = new QueryParams(r.query(), limits);
    String task = task(p);
    if (!p.has("pair")) throw RequestException.bad("pair: give a pair's number");
    int number = p.integer("pair", 0, 0, Integer.MAX_VALUE);
    TracingBrowse.PairText pair;
    synchronized (db) {
      pair = TracingBrowse.pair(db, task, number);
    }
    if (pair == null) {
      throw new RequestException(Status.NOT_FOUND_404, "task '" + task + "' has no pair " + number);
    }
    // The spellings the study counted the pair's documents in.
    NgramDocuments spellings = new NgramDocuments(index, tokenizer, 0);
    return CooccurrencePages.page(
        index,
        spellings.variants(pair.input()),
        spellings.variants(pair.output()),
        p.number("from", 0, 0, Long.MAX_VALUE),
        p.integer("limit", 10, 1, limits.page()),
        p.integer("context", 10, 0, limits.context()));
  }

  private static String task(QueryParams p) throws RequestException {
    String task = p.text("task");
    if (task == null) throw RequestException.bad("task: give a task's name");
    return task;
  }

  private static TracingBrowse.Sort sort(String name) throws RequestException {
    if (name == null) return TracingBrowse.Sort.DOCUMENTS_BOTH;
    try {
      return TracingBrowse.Sort.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw RequestException.bad(
          "sort '"
              + name
              + "': expected one of pair, n, cosine, documents_input, documents_output,"
              + " documents_both, taskgram_logprob");
    }
  }
}
