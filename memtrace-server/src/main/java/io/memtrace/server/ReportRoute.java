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
 * framed by the analyses page. Its tables' Parquet exports ({@code tables/TABLE.parquet} beside it)
 * are listed by {@code /api/report/tables} and sent by {@code /report/tables/TABLE.parquet}: a
 * request names a table, and only a file of that form in that directory is read.
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

  void register(HttpRouting.Builder routing, ServeSettings.Limits limits) {
    routing
        .get("/report", (req, res) -> send(res))
        .get("/api/report/tables", JsonHandler.of(limits, r -> tables()))
        .get(
            "/report/tables/{file}",
            (req, res) -> sendTable(req.path().pathParameters().get("file"), res));
  }

  private static final java.util.regex.Pattern PARQUET =
      java.util.regex.Pattern.compile("[A-Za-z0-9_]+\\.parquet");

  /** The Parquet exports beside the report, by name. */
  private java.util.List<String> tables() throws IOException {
    if (file == null) return java.util.List.of();
    Path dir = file.resolveSibling("tables");
    if (!Files.isDirectory(dir)) return java.util.List.of();
    try (var files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> PARQUET.matcher(n).matches())
          .sorted()
          .toList();
    }
  }

  private void sendTable(String name, ServerResponse res) throws IOException {
    if (file == null || !PARQUET.matcher(name).matches()) {
      missing(res, "no such table export");
      return;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file.resolveSibling("tables").resolve(name));
    } catch (NoSuchFileException e) {
      missing(res, name + " is not among the report's table exports");
      return;
    }
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "application/vnd.apache.parquet");
    res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
    res.send(bytes);
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
