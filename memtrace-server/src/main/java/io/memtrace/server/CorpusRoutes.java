package io.memtrace.server;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.memtrace.index.Cooccurrence;
import io.memtrace.index.CooccurrencePages;
import io.memtrace.index.IndexAnswers;
import io.memtrace.index.IndexReader;
import io.memtrace.index.InfiniGram;
import io.memtrace.index.NextTokens;
import io.memtrace.tokens.Tokenizer;

/**
 * The corpus queries, each the JSON of the matching {@code memtrace index ... --json}: count, ntd,
 * infgram, locate, spans, cooccur; the documents holding two n-grams (no command yet); and tokenize
 * / decode for showing tokens.
 */
final class CorpusRoutes {
  private final IndexReader index;
  private final Tokenizer tokenizer;
  private final ServeSettings.Limits limits;

  CorpusRoutes(IndexReader index, Tokenizer tokenizer, ServeSettings.Limits limits) {
    this.index = index;
    this.tokenizer = tokenizer;
    this.limits = limits;
  }

  void register(HttpRouting.Builder routing) {
    routing
        .get(
            "/api/tokenize",
            JsonHandler.of(limits, r -> Texts.pieces(tokenizer, ngram(r, "", false))))
        .get("/api/decode", JsonHandler.of(limits, this::decode))
        .post("/api/decode", JsonHandler.of(limits, this::decodeBody))
        .get(
            "/api/count",
            JsonHandler.of(
                limits,
                r -> IndexAnswers.count(index, ngram(r, "", false), params(r).flag("documents"))))
        .get("/api/ntd", JsonHandler.of(limits, this::ntd))
        .get(
            "/api/infgram",
            JsonHandler.of(limits, r -> InfiniGram.sequence(index, ngram(r, "", false))))
        .get("/api/locate", JsonHandler.of(limits, this::locate))
        .get("/api/spans", JsonHandler.of(limits, this::spans))
        .get("/api/cooccur", JsonHandler.of(limits, this::cooccur))
        .get("/api/cooccur/documents", JsonHandler.of(limits, this::cooccurDocuments));
  }

  private QueryParams params(ServerRequest r) {
    return new QueryParams(r.query(), limits);
  }

  private int[] ngram(ServerRequest r, String prefix, boolean optional) throws RequestException {
    return params(r).sequence(prefix, tokenizer, optional);
  }

  /** {@code POST /api/decode}'s body: ids to decode, as many as a text view shows. */
  record DecodeRequest(int[] tokens) {}

  /** Ids in a POST body: a text view decodes its tokens and every model's greedy tokens at once. */
  private Object decodeBody(ServerRequest r) throws Exception {
    int max = limits.tokens() * 64;
    DecodeRequest q = JsonBody.read(r, DecodeRequest.class, max * 8L + 64);
    if (q.tokens() == null) throw RequestException.bad("give \"tokens\"");
    if (q.tokens().length > max) {
      throw RequestException.bad(
          "tokens: %d ids, more than the limit of %d".formatted(q.tokens().length, max));
    }
    return pieces(q.tokens());
  }

  private Object decode(ServerRequest r) throws Exception {
    return pieces(ngram(r, "", false));
  }

  private Object pieces(int[] tokens) throws RequestException {
    // Any id a model may answer, not only the corpus's: its greedy tokens are decoded too.
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0) {
        throw RequestException.bad(
            "token %d at %d of the tokens: expected an id >= 0".formatted(tokens[i], i));
      }
    }
    return Texts.pieces(tokenizer, tokens);
  }

  private Object ntd(ServerRequest r) throws Exception {
    QueryParams p = params(r);
    return IndexAnswers.ntd(
        index,
        ngram(r, "", true),
        p.integer("top", 10, 1, limits.page()),
        NextTokens.EXACT_LIMIT,
        NextTokens.SAMPLES);
  }

  private Object locate(ServerRequest r) throws Exception {
    QueryParams p = params(r);
    return IndexAnswers.locate(
        index,
        ngram(r, "", false),
        p.number("from", 0, 0, Long.MAX_VALUE),
        p.integer("limit", 10, 1, limits.page()),
        p.integer("context", 10, 0, limits.context()));
  }

  private Object spans(ServerRequest r) throws Exception {
    QueryParams p = params(r);
    return IndexAnswers.spans(
        index,
        ngram(r, "", false),
        p.integer("min_length", 1, 1, limits.tokens()),
        p.number("from", 0, 0, Long.MAX_VALUE),
        p.integer("docs", 3, 0, limits.page()));
  }

  private Object cooccur(ServerRequest r) throws Exception {
    QueryParams p = params(r);
    int[] a = ngram(r, "a_", false);
    int[] b = ngram(r, "b_", false);
    int window = p.integer("window", 0, 0, Integer.MAX_VALUE);
    return window == 0
        ? Cooccurrence.documents(index, a, b)
        : Cooccurrence.within(index, a, b, window);
  }

  private Object cooccurDocuments(ServerRequest r) throws Exception {
    QueryParams p = params(r);
    return CooccurrencePages.page(
        index,
        ngram(r, "a_", false),
        ngram(r, "b_", false),
        p.number("from", 0, 0, Long.MAX_VALUE),
        p.integer("limit", 10, 1, limits.page()),
        p.integer("context", 10, 0, limits.context()));
  }
}
