package io.memtrace.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memtrace.AnswerJson;
import io.memtrace.BadInputException;
import io.memtrace.model.ModelRequestException;
import java.sql.SQLTimeoutException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An API endpoint: computes one answer and sends it as JSON, with its computing time in a {@code
 * Server-Timing} header (the latency the pages show). A refused request gets {@code {"error":
 * message}} with a 4xx status; a failure of the server a 500 with its message. An answer that runs
 * past the query time limit is cancelled (its thread interrupted, its database query timed out) and
 * answered 503 with a message that says so.
 */
final class JsonHandler implements Handler {
  /** Computes the answer of one request. */
  @FunctionalInterface
  interface Answer {
    Object of(ServerRequest request) throws Exception;
  }

  private final Answer answer;
  private final long limitMillis;

  private JsonHandler(Answer answer, long limitMillis) {
    this.answer = answer;
    this.limitMillis = limitMillis;
  }

  /** An answer computed within the query time limit of {@code limits}. */
  static JsonHandler of(ServeSettings.Limits limits, Answer answer) {
    return new JsonHandler(answer, limits.queryMillis());
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) throws Exception {
    long start = System.nanoTime();
    Status status = Status.OK_200;
    Object body;
    try {
      body = withinLimit(req);
    } catch (RequestException e) {
      status = e.status();
      body = Map.of("error", e.getMessage());
    } catch (BadInputException | ModelRequestException e) {
      status = Status.BAD_REQUEST_400;
      body = Map.of("error", e.getMessage());
    } catch (SQLTimeoutException e) {
      status = Status.SERVICE_UNAVAILABLE_503;
      body = Map.of("error", cancelled());
    } catch (RuntimeException e) {
      status = Status.INTERNAL_SERVER_ERROR_500;
      body = Map.of("error", "internal error: " + e);
    }
    byte[] json = AnswerJson.COMPACT.writeValueAsBytes(body);
    double millis = (System.nanoTime() - start) / 1e6;
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
    res.header("Server-Timing", "query;dur=%.3f".formatted(millis));
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.send(json);
  }

  /** The answer, computed on a thread of its own that is interrupted past the limit. */
  private Object withinLimit(ServerRequest req) throws Exception {
    FutureTask<Object> task = new FutureTask<>(() -> answer.of(req));
    Thread.ofVirtual().name("memtrace-answer").start(task);
    try {
      return task.get(limitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new RequestException(Status.SERVICE_UNAVAILABLE_503, cancelled());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw (Error) e.getCause();
    }
  }

  private String cancelled() {
    return "cancelled: the query ran past the server's limit of %s s (serve --query-timeout); ask for less, e.g. a narrower filter or two rarer n-grams"
        .formatted(limitMillis % 1000 == 0 ? limitMillis / 1000 : limitMillis / 1000.0);
  }
}
