package io.memtrace.spark;

import io.memtrace.cli.Main;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkException;
import picocli.CommandLine;

/**
 * Entry point of {@code memtrace spark ...} and of {@code spark-submit --class
 * io.memtrace.spark.SparkMain}. Exit codes as the CLI's: 0 success, 2 usage error, 1 failure, each
 * failure one line {@code memtrace: <message>} ({@code --verbose} adds the stack trace); a user's
 * mistake found inside a task arrives as that task's message.
 */
public final class SparkMain {
  private SparkMain() {}

  public static void main(String[] args) {
    int code =
        run(
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            args);
    SparkCommand.stopSession();
    System.exit(code);
  }

  /** Runs one command line, printing to {@code out} and {@code err}; returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    // A task's failure is this command's one line; Spark's own log of it (a stack trace per
    // attempt) only with --verbose. Executors of a cluster keep their own logging.
    Configurator.setLevel("org.apache.spark", verbose ? Level.WARN : Level.OFF);
    CommandLine cli =
        new CommandLine(new SparkCommand())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(out)
            .setErr(err);
    return Main.execute(cli, err, verbose, SparkMain::describe, args);
  }

  private static String describe(Exception e) {
    if (e instanceof SparkException)
      return "Spark job failed: " + e.getMessage().lines().findFirst().orElse("");
    return Main.describe(e);
  }
}
