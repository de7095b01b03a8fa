package io.memtrace.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.memtrace.BadInputException;
import io.memtrace.studies.analysis.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code /report}: the {@code report.html} that {@code memtrace analyze} wrote to the figures
 * directory given with {@code --report}, read on each request from that one fixed file (so a new
 * analysis shows without a restart). The page is self-contained (figures embedded, its own style)
 * and holds no script: it is sent with a policy that lets it load nothing and run nothing, to be
 * framed by the analyses page.
 */
final class ReportRoute {
  private final Path file;

  /**
   * @param dir the figures directory, null for none
   */
  ReportRoute(Path dir) throws BadInputException {
    this.file = dir == null ? null : dir.resolve(Report.FILE);
    if (file != null && !Files.isRegularFile(file)) {
      throw BadInputException.in(dir, "no " + Report.FILE + " in it: run memtrace analyze first");
    }
  }

  /** Whether a report is served. */
  boolean present() {
    return file != null;
  }

  void register(HttpRouting.Builder routing) {
    routing.get("/report", (req, res) -> send(res));
  }

  private void send(ServerResponse res) throws IOException {
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.header(
        "Content-Security-Policy",
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox;"
            + " frame-ancestors 'self'");
    if (file == null) {
      missing(
          res,
          "No report: start memtrace serve with --report DIR (the figures directory of"
              + " memtrace analyze).");
      return;
    }
    byte[] page;
    try {
      page = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      missing(res, Report.FILE + " is gone from the report directory: run memtrace analyze again.");
      return;
    }
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
    res.send(page);
  }

  private static void missing(ServerResponse res, String message) {
    res.status(Status.NOT_FOUND_404);
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.send(message);
  }
}
