package io.memtrace.server;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.memtrace.AnswerJson;
import io.memtrace.JsonMessages;
import java.io.InputStream;

/** A request's JSON body, read up to a size limit into a record. */
final class JsonBody {
  private JsonBody() {}

  static <T> T read(ServerRequest r, Class<T> type, long maxBytes) throws Exception {
    if (r.headers().contentLength().orElse(0) > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = r.content().inputStream()) {
      byte[] bytes = in.readNBytes((int) maxBytes + 1);
      if (bytes.length > maxBytes) throw tooLarge(maxBytes);
      return AnswerJson.COMPACT.readValue(bytes, type);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw RequestException.bad("body: expected a JSON object: " + JsonMessages.of(e));
    }
  }

  private static RequestException tooLarge(long maxBytes) {
    return new RequestException(
        Status.REQUEST_ENTITY_TOO_LARGE_413, "request body over %,d bytes".formatted(maxBytes));
  }
}
