package io.memtrace.server;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code memtrace serve} opens and where it listens. Only these files, and the training-row
 * stores the database records for its models (memorization_sources), are ever opened: no request
 * names a path.
 *
 * @param db the results database, opened read-only
 * @param index the suffix-array index for corpus queries; null for none
 * @param models model directories (Hugging Face layout) scored in the text view; their tokenizer
 *     must be the index's
 * @param report the directory {@code memtrace analyze} wrote its figures and {@code report.html}
 *     to, shown on the analyses page; null for none
 * @param port 0 for any free port
 */
public record ServeSettings(
    Path db, Path index, List<Path> models, Path report, String host, int port, Limits limits) {
  public static final String LOOPBACK = "127.0.0.1";

  public ServeSettings {
    models = List.copyOf(models);
  }

  /**
   * Bounds on what one request may ask, so that one request cannot hold the machine.
   *
   * @param textChars longest text accepted, in characters
   * @param tokens longest token sequence accepted
   * @param page most occurrences or next tokens per page
   * @param context most tokens of context on each side of an occurrence
   * @param heavyRequests text views (which run the models) served at once; more wait up to {@code
   *     heavyWaitMillis}, then get a 503
   * @param queryMillis longest an answer may compute: past it the query is cancelled and the
   *     request gets a 503 saying so
   */
  public record Limits(
      int textChars,
      int tokens,
      int page,
      int context,
      int heavyRequests,
      long heavyWaitMillis,
      long queryMillis) {
    public static final Limits DEFAULT = new Limits(20_000, 2_048, 100, 200, 2, 10_000, 30_000);

    /** These limits with another query time limit. */
    public Limits withQueryMillis(long millis) {
      if (millis < 1) throw new IllegalArgumentException("query limit " + millis + " ms");
      return new Limits(textChars, tokens, page, context, heavyRequests, heavyWaitMillis, millis);
    }
  }
}
