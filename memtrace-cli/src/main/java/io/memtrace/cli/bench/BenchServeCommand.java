package io.memtrace.cli.bench;

import io.memtrace.cli.options.Counts;
import io.memtrace.index.IndexReader;
import io.memtrace.server.MemtraceServer;
import io.memtrace.server.ServeSettings;
import io.memtrace.studies.results.ResultsDatabase;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The web server under load: {@code memtrace serve} started in this process on a free loopback
 * port, then N concurrent clients (each one HTTP/1.1 connection, one request at a time) asking
 * count requests ({@code /api/count} of token 1- to 3-grams of the index's text), then text views
 * ({@code POST /api/text} of token windows of that text, scored by the models); finally one client
 * asking counts alone and again while N clients keep asking text views, to show whether a light
 * request stays responsive while heavy ones run. Reports requests/s and p50 / p99 latency per
 * phase, and the requests refused (a text view waiting past the server's limit gets a 503).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Load on memtrace serve over loopback: N concurrent clients asking counts, then text views;"
            + " requests/s, p50/p99 latency, and a light request's latency while heavy ones run.")
final class BenchServeCommand implements Callable<Integer> {
  /** The web server's start and stop notes stay out of the output (as for memtrace serve). */
  private static final Logger SERVER_LOG = Logger.getLogger("io.helidon");

  @Spec CommandSpec spec;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description = "Results database. Default: an empty one in a temporary directory.")
  Path db;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The index.")
  Path index;

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "DIR",
      description = "Models scored by the text views; their tokenizer must be the index's.")
  List<Path> models = List.of();

  @Option(
      names = "--clients",
      converter = Counts.Positive.class,
      defaultValue = "8",
      description = "Concurrent clients. Default: ${DEFAULT-VALUE}.")
  int clients;

  @Option(
      names = "--counts",
      converter = Counts.Positive.class,
      defaultValue = "500",
      description = "Count requests per client. Default: ${DEFAULT-VALUE}.")
  int counts;

  @Option(
      names = "--texts",
      converter = Counts.Positive.class,
      defaultValue = "10",
      description = "Text views per client. Default: ${DEFAULT-VALUE}.")
  int texts;

  @Option(
      names = "--text-tokens",
      converter = Counts.Positive.class,
      defaultValue = "48",
      description = "Tokens of each text view's text. Default: ${DEFAULT-VALUE}.")
  int textTokens;

  @Option(names = "--seed", defaultValue = "1", description = "Sampling seed.")
  long seed;

  /** One client's request: the i-th it asks. */
  private interface Ask {
    HttpRequest request(int client, int i);
  }

  /** Latencies (ns) of the answered requests, the refused ones, and the phase's wall time. */
  private record Phase(long[] latencies, long refused, long wallNanos) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SERVER_LOG.setLevel(Level.WARNING);
    Random random = new Random(seed);
    List<int[]> ngrams = new ArrayList<>();
    List<int[]> windows = new ArrayList<>();
    long documents;
    long tokens;
    try (IndexReader reader = IndexReader.open(index)) {
      for (int i = 0; i < 4096; i++) ngrams.add(NgramSamples.sample(reader, random, 1 + i % 3));
      for (int i = 0; i < 256; i++) windows.add(NgramSamples.sample(reader, random, textTokens));
      documents = reader.documentCount();
      tokens = reader.tokenCount();
    }
    Path scratch = db == null ? Files.createTempDirectory("memtrace-bench-serve") : null;
    Path results = db;
    if (db == null) {
      results = scratch.resolve("empty.duckdb");
      ResultsDatabase.open(results).close();
    }
    ServeSettings settings =
        new ServeSettings(
            results, index, models, null, ServeSettings.LOOPBACK, 0, ServeSettings.Limits.DEFAULT);
    try (MemtraceServer server = MemtraceServer.start(settings)) {
      String base = "http://127.0.0.1:" + server.port();
      Ask count =
          (c, i) ->
              HttpRequest.newBuilder(
                      URI.create(
                          base
                              + "/api/count?documents=true&tokens="
                              + ids(ngrams.get((c * 7919 + i) % ngrams.size()))))
                  .GET()
                  .build();
      Ask text =
          (c, i) ->
              HttpRequest.newBuilder(URI.create(base + "/api/text"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"tokens\": ["
                              + ids(windows.get((c * 31 + i) % windows.size()))
                              + "], \"min_length\": 4}"))
                  .build();
      out.printf(
          "memtrace serve on loopback: %,d documents, %,d tokens; models: %s; %d clients;"
              + " %d processors%n",
          documents,
          tokens,
          models.isEmpty() ? "none" : models,
          clients,
          Runtime.getRuntime().availableProcessors());
      run(1, 50, count, null); // warm-up
      report(out, "count (1-3 tokens, with documents)", run(clients, counts, count, null));
      report(
          out,
          "text view (" + textTokens + " tokens" + (models.isEmpty() ? "" : ", models") + ")",
          run(clients, texts, text, null));
      report(out, "count, 1 client alone", run(1, counts, count, null));
      report(out, "count, 1 client while text views run", run(1, counts, count, text));
    } finally {
      if (scratch != null) {
        Files.deleteIfExists(results);
        Files.deleteIfExists(scratch);
      }
    }
    return 0;
  }

  /**
   * {@code clients} clients asking {@code each} requests of {@code ask}; with {@code background},
   * {@link #clients} more clients keep asking it until they are done.
   */
  private Phase run(int clients, int each, Ask ask, Ask background) throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> load = new ArrayList<>();
    if (background != null) {
      for (int c = 0; c < this.clients; c++) {
        int client = 1000 + c;
        load.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try (HttpClient http = HttpClient.newHttpClient()) {
                        for (int i = 0; !done.get(); i++) {
                          http.send(
                              background.request(client, i),
                              HttpResponse.BodyHandlers.discarding());
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }));
      }
      Thread.sleep(500); // let the heavy requests start
    }
    long[][] latencies = new long[clients][each];
    long[] refused = new long[clients];
    Thread[] threads = new Thread[clients];
    Exception[] failure = new Exception[clients];
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads[c] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (HttpClient http = HttpClient.newHttpClient()) {
                      for (int i = 0; i < each; i++) {
                        long t = System.nanoTime();
                        HttpResponse<Void> r =
                            http.send(
                                ask.request(client, i), HttpResponse.BodyHandlers.discarding());
                        latencies[client][i] = r.statusCode() == 200 ? System.nanoTime() - t : -1;
                        if (r.statusCode() != 200) refused[client]++;
                      }
                    } catch (Exception e) {
                      failure[client] = e;
                    }
                  });
    }
    for (Thread t : threads) t.join();
    long wall = System.nanoTime() - start;
    done.set(true);
    for (Thread t : load) t.join();
    for (Exception e : failure) if (e != null) throw e;
    return new Phase(
        Arrays.stream(latencies).flatMapToLong(Arrays::stream).filter(x -> x >= 0).toArray(),
        Arrays.stream(refused).sum(),
        wall);
  }

  private static void report(PrintWriter out, String name, Phase p) {
    long[] l = p.latencies().clone();
    Arrays.sort(l);
    out.printf(
        "%-42s %,7d requests %,9.1f requests/s  p50 %8.2f ms  p99 %8.2f ms  refused %d%n",
        name,
        l.length,
        (l.length + p.refused()) / (p.wallNanos() / 1e9),
        percentile(l, 0.50) / 1e6,
        percentile(l, 0.99) / 1e6,
        p.refused());
    out.flush();
  }

  /** The nearest-rank percentile of sorted values. */
  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static String ids(int[] tokens) {
    return Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }
}
