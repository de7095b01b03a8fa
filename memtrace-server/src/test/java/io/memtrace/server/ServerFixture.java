package io.memtrace.server;

import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.analysis.CoverageBins;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.studies.tracing.EncoderSpec;
import io.memtrace.studies.tracing.TaskSpecs;
import io.memtrace.studies.tracing.Thresholds;
import io.memtrace.studies.tracing.TracingRunner;
import io.memtrace.studies.tracing.TracingSettings;
import io.memtrace.tracing.DistributionalMemorization;
import io.memtrace.tracing.EmbeddingFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/**
 * The server's test inputs: a few documents indexed with the tiny fixture model's tokenizer, a
 * results database with a few scored rows, and that model.
 */
final class ServerFixture {
  static final Path MODEL =
      Path.of("../memtrace-core/src/test/resources/io/memtrace/model/pythia-tiny");

  /** Documents sharing phrases, so that a text made of them has spans of several lengths. */
  static final List<String> DOCUMENTS =
      List.of(
          "The committee approved the report on fisheries in the Baltic Sea.",
          "Members of the committee asked the Commission about the report.",
          "The Baltic Sea needs cleaner water and fewer nitrates.",
          "Fisheries ministers met in Brussels on Monday.",
          "The report on fisheries was adopted by a large majority.");

  /** A text partly copied from the documents, short enough for the model's 64 positions. */
  static final String TEXT = "Members of the committee approved the report on water.";

  private ServerFixture() {}

  /** Indexes {@link #DOCUMENTS} under {@code dir}; returns the index directory. */
  static Path index(Path dir) throws Exception {
    return StudyFixtures.index(dir, DOCUMENTS);
  }

  /** Models, contexts and rows of the database's memorization table. */
  static final List<String> MODELS = List.of("pythia-tiny", "other");

  static final int[] CONTEXTS = {8, 16};
  static final int CONTINUATION = 4;
  static final int ROWS = 10;

  /** Matches of the continuation of a row of the memorization table. */
  static int matches(int model, int context, int row) {
    return (row * 3 + context + model) % (CONTINUATION + 1);
  }

  /**
   * A results database under {@code dir} with {@link #ROWS} scored rows per model and context, the
   * rows being the sequences of the store {@link #index} writes under {@code dir} (the first {@code
   * DOCUMENTS.size()} of them exist).
   */
  static Path database(Path dir) throws Exception {
    Path db = dir.resolve("results.duckdb");
    ResultsDatabase.open(db).close();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement()) {
      for (int m = 0; m < MODELS.size(); m++) {
        s.execute(
            "INSERT INTO memorization_sources VALUES ('%s', '%s', NULL, true)"
                .formatted(MODELS.get(m), dir.resolve("store").toAbsolutePath()));
        for (int context : CONTEXTS) {
          for (int row = 0; row < ROWS; row++) {
            int matches = matches(m, context, row);
            s.execute(
                ("INSERT INTO memorization (model, row, context, continuation, score, matches,"
                        + " exact, first_mismatch, bleu, duplicates) VALUES"
                        + " ('%s', %d, %d, %d, %s, %d, %s, %d, %s, %s)")
                    .formatted(
                        MODELS.get(m),
                        row,
                        context,
                        CONTINUATION,
                        (double) matches / CONTINUATION,
                        matches,
                        matches == CONTINUATION,
                        matches,
                        matches / 8.0,
                        row % 3 == 0 ? "NULL" : row % 3));
          }
        }
      }
    }
    return db;
  }

  /** Study B's task on the fixture: inputs and outputs made of phrases of the documents. */
  static final String TASK =
      """
      {"input": "Baltic fisheries", "output": "Baltic Sea"}
      {"input": "committee asked", "output": "the Commission"}
      {"input": "ministers met", "output": "in Brussels"}
      {"input": "report adopted", "output": "majority"}
      """;

  /**
   * Runs study B on {@link #TASK} (file {@code fisheries.jsonl}) over the index with the model, n =
   * 1..2, every pair kept by the embedding filter, and its analyses, into the database.
   */
  static void trace(Path dir, Path db, Path index) throws Exception {
    Path task = dir.resolve("fisheries.jsonl");
    Files.writeString(task, TASK);
    TracingRunner.run(
        new TracingSettings(
            TaskSpecs.load(List.of(task.toString()), null, null, null, null),
            index,
            null,
            List.of(ModelRef.of(MODEL)),
            1,
            2,
            List.of(new Thresholds.Override(null, -1)),
            EmbeddingFilter.Rule.ABSOLUTE,
            0.05,
            EncoderSpec.E5_SMALL_V2,
            false,
            DistributionalMemorization.Unit.OUTPUT,
            new CoverageBins(4, 8, false),
            dir.resolve("figures"),
            1),
        db,
        Reporter.SILENT);
  }

  /**
   * A server over {@code db} and {@code index} with the model, and the analyses' report of {@code
   * report} (null for none).
   */
  static MemtraceServer serve(Path db, Path index, Path report) throws Exception {
    return MemtraceServer.start(
        new ServeSettings(
            db,
            index,
            List.of(MODEL),
            report,
            ServeSettings.LOOPBACK,
            0,
            ServeSettings.Limits.DEFAULT));
  }

  /** A server on a free loopback port over the fixture, with the model when {@code model}. */
  static MemtraceServer start(Path dir, boolean model) throws Exception {
    return MemtraceServer.start(
        new ServeSettings(
            database(dir),
            index(dir),
            model ? List.of(MODEL) : List.of(),
            null,
            ServeSettings.LOOPBACK,
            0,
            ServeSettings.Limits.DEFAULT));
  }

  static HttpResponse<String> get(MemtraceServer server, String pathAndQuery) throws Exception {
    return send(server, HttpRequest.newBuilder(uri(server, pathAndQuery)).GET().build());
  }

  static HttpResponse<String> post(MemtraceServer server, String path, String json)
      throws Exception {
    return send(
        server,
        HttpRequest.newBuilder(uri(server, path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static URI uri(MemtraceServer server, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  private static HttpResponse<String> send(MemtraceServer server, HttpRequest request)
      throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }
}
