package io.memtrace.cli;

import io.memtrace.BadInputException;
import io.memtrace.model.ModelRequestException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Entry point. Exit codes: 0 success, 2 usage error (picocli's default for invalid input), 1 any
 * failure. Both print one line, {@code memtrace: <message>} (a usage error names the option and
 * points to the command's {@code --help}); {@code --verbose} adds a failure's stack trace.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(
        run(
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            args));
  }

  /** Runs one command line, printing to {@code out} and {@code err}; returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli =
        new CommandLine(new MemtraceCommand())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(out)
            .setErr(err);
    return execute(cli, err, Arrays.asList(args).contains("--verbose"), Main::describe, args);
  }

  /**
   * Runs {@code cli} as every memtrace command line runs: a usage error is one line naming the
   * option (exit 2); a failure is one line {@code memtrace: <describe(the user's mistake)>} (exit
   * 1), its stack trace only with {@code verbose}.
   */
  public static int execute(
      CommandLine cli,
      PrintWriter err,
      boolean verbose,
      java.util.function.Function<Exception, String> describe,
      String... args) {
    cli.setParameterExceptionHandler(
        (e, arguments) -> {
          CommandLine command = e.getCommandLine();
          err.println(
              "memtrace: "
                  + e.getMessage()
                  + " (see '"
                  + command.getCommandSpec().qualifiedName()
                  + " --help')");
          CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
          err.flush();
          return command.getCommandSpec().exitCodeOnInvalidInput();
        });
    cli.setExecutionExceptionHandler(
        (thrown, command, parsed) -> {
          Exception e = userMistake(thrown);
          err.println("memtrace: " + describe.apply(e));
          if (verbose) thrown.printStackTrace(err);
          else if (!(e instanceof BadInputException || e instanceof ModelRequestException))
            err.println("(run with --verbose for details)");
          err.flush();
          return 1;
        });
    return cli.execute(args);
  }

  /**
   * The user's mistake behind a failure, however wrapped (a corrupted index found in the middle of
   * a query, a task's failure in a Spark job), else {@code e}.
   */
  public static Exception userMistake(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadInputException || t instanceof ModelRequestException)
        return (Exception) t;
    }
    return e;
  }

  /** A failure in one line for the user. */
  public static String describe(Exception e) {
    if (e instanceof BadInputException || e instanceof ModelRequestException) return e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException nf) return nf.getFile() + ": no such file";
    if (e instanceof java.nio.file.AccessDeniedException ad) {
      return ad.getFile() + ": permission denied";
    }
    if (e instanceof IOException) return "I/O error: " + e.getMessage();
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
