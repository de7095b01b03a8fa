package io.memtrace.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memtrace.AnswerJson;
import io.memtrace.BadInputException;
import io.memtrace.model.ModelRequestException;
import java.util.Map;

/**
 * An API endpoint: computes one answer and sends it as JSON, with its computing time in a {@code
 * Server-Timing} header (the latency the pages show). A refused request gets {@code {"error":
 * message}} with a 4xx status; a failure of the server a 500 with its message.
 */
final class JsonHandler implements Handler {
  /** Computes the answer of one request. */
  @FunctionalInterface
  interface Answer {
    Object of(ServerRequest request) throws Exception;
  }

  private final Answer answer;

  private JsonHandler(Answer answer) {
    this.answer = answer;
  }

  static JsonHandler of(Answer answer) {
    return new JsonHandler(answer);
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) throws Exception {
    long start = System.nanoTime();
    Status status = Status.OK_200;
    Object body;
    try {
      body = answer.of(req);
    } catch (RequestException e) {
      status = e.status();
      body = Map.of("error", e.getMessage());
    } catch (BadInputException | ModelRequestException e) {
      status = Status.BAD_REQUEST_400;
      body = Map.of("error", e.getMessage());
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
}
