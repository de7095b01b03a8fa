package io.memtrace.cli;

import io.memtrace.cli.options.Counts;
import io.memtrace.model.suite.Suite;
import io.memtrace.server.MemtraceServer;
import io.memtrace.server.ServeSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the web UI and its JSON API over a results database (read-only), an index and"
          + " models: corpus search, the text view, study A's scores, study B's results and the"
          + " analyses' report. Runs until interrupted (Ctrl-C).",
      "Example: memtrace serve --db demo/results.duckdb --index demo/index --models"
          + " demo/models/tiny-1"
    })
final class ServeCommand implements Callable<Integer> {
  /**
   * The web server's own start and stop notes stay out of the console, which shows the address
   * instead; its warnings still show. Held here, as java.util.logging keeps loggers weakly.
   */
  private static final Logger SERVER_LOG = Logger.getLogger("io.helidon");

  @Spec CommandSpec spec;

  @Option(names = "--db", required = true, paramLabel = "FILE", description = "Results database.")
  Path db;

  @Option(names = "--index", paramLabel = "INDEX", description = "Index for corpus queries.")
  Path index;

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "DIR",
      description =
          "Model directories scored in the text view; their tokenizer must be the index's.")
  List<Path> models = List.of();

  @Option(
      names = "--suite",
      paramLabel = "DIR",
      description =
          "A memtrace suite: every checkpoint of every size is scored in the text view (instead of"
              + " --models).")
  Path suite;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Figures directory of memtrace analyze: its report.html is shown on the analyses page.")
  Path report;

  @Option(
      names = "--host",
      defaultValue = ServeSettings.LOOPBACK,
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--query-timeout",
      converter = Counts.Positive.class,
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "A request whose query runs longer is cancelled and answered with a message saying so."
              + " Default: ${DEFAULT-VALUE}.")
  int queryTimeout;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    if (!host.equals(ServeSettings.LOOPBACK) && !host.equals("localhost")) {
      err.printf(
          "warning: listening on %s: anyone who reaches this address can query the index and run"
              + " the models; the server has no authentication.%n",
          host);
    }
    if (suite != null && !models.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --models or --suite, not both");
    }
    if (suite != null) models = Suite.checkpoints(suite);
    SERVER_LOG.setLevel(Level.WARNING);
    ServeSettings settings =
        new ServeSettings(
            db,
            index,
            models,
            report,
            host,
            port,
            ServeSettings.Limits.DEFAULT.withQueryMillis(queryTimeout * 1000L));
    try (MemtraceServer server = MemtraceServer.start(settings)) {
      spec.commandLine()
          .getOut()
          .printf("memtrace serve: http://%s:%d/ (Ctrl-C to stop)%n", host, server.port());
      spec.commandLine().getOut().flush();
      new CountDownLatch(1).await();
    }
    return 0;
  }
}
