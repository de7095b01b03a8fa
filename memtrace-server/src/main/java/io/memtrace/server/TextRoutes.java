package io.memtrace.server;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.memtrace.index.IndexReader;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.text.TextTrace;
import io.memtrace.tokens.Tokenizer;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The text view's answer: {@code POST /api/text} with {@code {"text": ...}} (or {@code "tokens"}),
 * optional {@code "min_length"} of the spans listed and {@code "docs"} occurrences per span; the
 * answer is a {@link TextTrace}. It runs the models, so only a few run at once.
 */
final class TextRoutes {
  /** Text views read a JSON body with a text of at most the limit, plus some room. */
  private static final int BODY_SLACK = 4_096;

  private final IndexReader index;
  private final Tokenizer tokenizer;
  private final Map<String, LanguageModel> models;
  private final ServeSettings.Limits limits;
  private final Semaphore heavy;

  TextRoutes(
      IndexReader index,
      Tokenizer tokenizer,
      Map<String, LanguageModel> models,
      ServeSettings.Limits limits) {
    this.index = index;
    this.tokenizer = tokenizer;
    this.models = models;
    this.limits = limits;
    this.heavy = new Semaphore(limits.heavyRequests(), true);
  }

  void register(HttpRouting.Builder routing) {
    routing.post("/api/text", JsonHandler.of(limits, this::trace));
  }

  /** What a text view asks. */
  record Request(String text, int[] tokens, Integer minLength, Integer docs) {}

  private Object trace(ServerRequest r) throws Exception {
    Request q = body(r);
    if ((q.text() == null) == (q.tokens() == null)) {
      throw RequestException.bad("give \"text\" or \"tokens\", one of them");
    }
    int[] tokens =
        q.tokens() != null ? q.tokens() : Texts.encode(tokenizer, q.text(), "text", limits);
    if (tokens.length > limits.tokens()) {
      throw RequestException.bad(
          "text: %d tokens, more than the limit of %d".formatted(tokens.length, limits.tokens()));
    }
    int minLength = bounded("min_length", q.minLength(), 1, 1, limits.tokens());
    int docs = bounded("docs", q.docs(), 3, 0, limits.page());
    if (!heavy.tryAcquire(limits.heavyWaitMillis(), TimeUnit.MILLISECONDS)) {
      throw new RequestException(
          Status.SERVICE_UNAVAILABLE_503,
          "busy: %d text views are running; try again".formatted(limits.heavyRequests()));
    }
    try {
      // A model holds one set of work buffers: one text at a time each.
      synchronized (models) {
        return TextTrace.of(index, tokens, minLength, docs, models);
      }
    } finally {
      heavy.release();
    }
  }

  private Request body(ServerRequest r) throws Exception {
    return JsonBody.read(r, Request.class, limits.textChars() * 4L + BODY_SLACK);
  }

  private static int bounded(String name, Integer value, int fallback, int min, int max)
      throws RequestException {
    if (value == null) return fallback;
    if (value < min || value > max) {
      throw RequestException.bad(
          "%s %d: expected between %d and %d".formatted(name, value, min, max));
    }
    return value;
  }
}
