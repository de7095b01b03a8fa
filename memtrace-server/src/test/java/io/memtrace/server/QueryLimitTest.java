package io.memtrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.memtrace.AnswerJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An answer that runs past the query time limit is cancelled: the request gets a 503 that says so,
 * and the thread computing it is interrupted (so that the index's work stops), while a quick answer
 * on the same server is served.
 */
class QueryLimitTest {
  @Test
  void aSlowAnswerIsCancelledWithAMessage() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    ServeSettings.Limits limits = ServeSettings.Limits.DEFAULT.withQueryMillis(300);
    HttpRouting.Builder routing =
        HttpRouting.builder()
            .get(
                "/slow",
                JsonHandler.of(
                    limits,
                    r -> {
                      try {
                        Thread.sleep(60_000);
                        return "finished";
                      } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                      }
                    }))
            .get("/quick", JsonHandler.of(limits, r -> "answer"));
    WebServer server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build();
    server.start();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> slow = get(client, server, "/slow");
      assertThat(slow.statusCode()).isEqualTo(503);
      assertThat(AnswerJson.COMPACT.readTree(slow.body()).get("error").asText())
          .startsWith("cancelled: the query ran past the server's limit of 0.3 s");
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> quick = get(client, server, "/quick");
      assertThat(quick.statusCode()).isEqualTo(200);
      assertThat(quick.body()).isEqualTo("\"answer\"");
    } finally {
      server.stop();
    }
  }

  private static HttpResponse<String> get(HttpClient client, WebServer server, String path)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
