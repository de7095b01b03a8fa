package io.memtrace.server;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code memtrace serve}: the web UI and its JSON API over one results database (read-only), an
 * index and models, all opened at start and closed with the server.
 */
public final class MemtraceServer implements AutoCloseable {
  private final ResultsDatabase db;
  private final IndexReader index;
  private final Tokenizer tokenizer;
  private final Map<String, LanguageModel> models;
  private final RowRoutes rows;
  private final WebServer server;

  private MemtraceServer(
      ResultsDatabase db,
      IndexReader index,
      Tokenizer tokenizer,
      Map<String, LanguageModel> models,
      RowRoutes rows,
      WebServer server) {
    this.db = db;
    this.index = index;
    this.tokenizer = tokenizer;
    this.models = models;
    this.rows = rows;
    this.server = server;
  }

  /**
   * Opens what {@code settings} names and starts listening; refuses a model of another tokenizer.
   */
  public static MemtraceServer start(ServeSettings settings) throws IOException {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      ResultsDatabase db = open(opened, ResultsDatabase.openReadOnly(settings.db()));
      // JDBC counts whole seconds; the answer's own limit cuts at the millisecond.
      db.setQueryTimeout((int) Math.max(1, (settings.limits().queryMillis() + 999) / 1000));
      RowRoutes rows = open(opened, new RowRoutes(db, settings.limits()));
      IndexReader index =
          settings.index() == null ? null : open(opened, IndexReader.open(settings.index()));
      Tokenizer tokenizer = index == null ? null : open(opened, index.tokenizer(null));
      if (index == null && !settings.models().isEmpty()) {
        throw new BadInputException("--models: the text view needs an index (--index) too");
      }
      Map<String, LanguageModel> models = new LinkedHashMap<>();
      for (Path dir : settings.models()) {
        index.tokenizer(dir.resolve("tokenizer.json")).close();
        // The name the results database knows it by (parent/stepN for a checkpoint).
        String name = ModelRef.of(dir).name();
        if (models.containsKey(name)) {
          throw BadInputException.in(dir, "a second model named " + name);
        }
        models.put(name, open(opened, LanguageModel.load(dir)));
      }
      ReportRoute report = new ReportRoute(settings.report());
      HttpRouting.Builder routing = HttpRouting.builder();
      StaticPages.register(routing);
      report.register(routing, settings.limits());
      new InfoRoute(db, index, models.keySet(), report.present())
          .register(routing, settings.limits());
      new MemorizationRoutes(db, settings.limits()).register(routing);
      rows.register(routing);
      new TracingRoutes(db, index, tokenizer, settings.limits()).register(routing);
      if (index != null) {
        new CorpusRoutes(index, tokenizer, settings.limits()).register(routing);
        new TextRoutes(index, tokenizer, models, settings.limits()).register(routing);
      }
      WebServer server =
          WebServer.builder()
              .host(settings.host())
              .port(settings.port())
              .routing(routing)
              .build()
              .start();
      return new MemtraceServer(db, index, tokenizer, models, rows, server);
    } catch (IOException | RuntimeException e) {
      closeAll(opened, e);
      throw e;
    } catch (java.sql.SQLException e) {
      IOException failure = new IOException(settings.db() + ": " + e.getMessage(), e);
      closeAll(opened, failure);
      throw failure;
    }
  }

  private static <T extends AutoCloseable> T open(List<AutoCloseable> opened, T resource) {
    opened.add(resource);
    return resource;
  }

  private static void closeAll(List<AutoCloseable> opened, Exception failure) {
    for (AutoCloseable c : opened.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** The port it listens on (the one chosen when the settings asked for 0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() throws IOException {
    server.stop();
    List<AutoCloseable> all = new ArrayList<>(models.values());
    if (tokenizer != null) all.add(tokenizer);
    if (index != null) all.add(index);
    all.add(rows);
    all.add(db);
    IOException failure = new IOException("closing memtrace serve");
    closeAll(all.reversed(), failure);
    if (failure.getSuppressed().length > 0) throw failure;
  }
}
