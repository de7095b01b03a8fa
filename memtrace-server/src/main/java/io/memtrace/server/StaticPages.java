package io.memtrace.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The pages and their scripts, hand-written and served from this module's resources by fixed names:
 * a request path only ever selects one of these entries, never a file.
 */
final class StaticPages {
  private static final String BASE = "web/";

  /** URL path to resource name and content type. */
  private static final Map<String, String[]> PAGES =
      Map.ofEntries(
          Map.entry("/", new String[] {"search.html", "text/html; charset=utf-8"}),
          Map.entry("/text", new String[] {"text.html", "text/html; charset=utf-8"}),
          Map.entry(
              "/memorization", new String[] {"memorization.html", "text/html; charset=utf-8"}),
          Map.entry("/tracing", new String[] {"tracing.html", "text/html; charset=utf-8"}),
          Map.entry("/analyses", new String[] {"analyses.html", "text/html; charset=utf-8"}),
          Map.entry(
              "/static/analyses.js",
              new String[] {"analyses.js", "text/javascript; charset=utf-8"}),
          Map.entry(
              "/static/tracing.js", new String[] {"tracing.js", "text/javascript; charset=utf-8"}),
          Map.entry(
              "/static/memorization.js",
              new String[] {"memorization.js", "text/javascript; charset=utf-8"}),
          Map.entry(
              "/static/memtrace.css", new String[] {"memtrace.css", "text/css; charset=utf-8"}),
          Map.entry(
              "/static/common.js", new String[] {"common.js", "text/javascript; charset=utf-8"}),
          Map.entry(
              "/static/search.js", new String[] {"search.js", "text/javascript; charset=utf-8"}),
          Map.entry("/static/text.js", new String[] {"text.js", "text/javascript; charset=utf-8"}),
          Map.entry("/static/favicon.svg", new String[] {"favicon.svg", "image/svg+xml"}));

  private StaticPages() {}

  static void register(HttpRouting.Builder routing) {
    PAGES.forEach(
        (path, page) -> {
          byte[] body = read(page[0]);
          routing.get(path, (req, res) -> send(res, body, page[1]));
        });
  }

  private static void send(ServerResponse res, byte[] body, String type) {
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, type);
    // Nothing but this server: no script, style or frame from elsewhere.
    res.header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'");
    res.send(body);
  }

  private static byte[] read(String name) {
    try (InputStream in = StaticPages.class.getResourceAsStream(BASE + name)) {
      if (in == null) throw new IllegalStateException("missing resource " + BASE + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
