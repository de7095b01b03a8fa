package io.memtrace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A user's input is not what memtrace expected: a malformed file, an impossible option, a corpus
 * that cannot be used. The message says what was wrong, where (file, line or byte position), and
 * what was expected; the command line prints it without a stack trace.
 */
public class BadInputException extends IOException {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "{file}: {what}" — the common shape of a message about one file. */
  public static BadInputException in(Path file, String what) {
    return new BadInputException(file + ": " + what);
  }
}
