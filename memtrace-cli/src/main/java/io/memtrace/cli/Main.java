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
    boolean verbose = Arrays.asList(args).contains("--verbose");
    CommandLine cli =
        new CommandLine(new MemtraceCommand())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(out)
            .setErr(err);
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
          // A corrupted index found in the middle of a query arrives wrapped.
          Exception e =
              thrown instanceof java.io.UncheckedIOException u
                      && u.getCause() instanceof BadInputException bad
                  ? bad
                  : thrown;
          err.println("memtrace: " + describe(e));
          if (verbose) e.printStackTrace(err);
          else if (!(e instanceof BadInputException || e instanceof ModelRequestException))
            err.println("(run with --verbose for details)");
          err.flush();
          return 1;
        });
    return cli.execute(args);
  }

  private static String describe(Exception e) {
    if (e instanceof BadInputException || e instanceof ModelRequestException) return e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException nf) return nf.getFile() + ": no such file";
    if (e instanceof java.nio.file.AccessDeniedException ad) {
      return ad.getFile() + ": permission denied";
    }
    if (e instanceof IOException) return "I/O error: " + e.getMessage();
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
