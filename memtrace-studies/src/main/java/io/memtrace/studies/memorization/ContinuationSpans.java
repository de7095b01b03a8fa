package io.memtrace.studies.memorization;

import io.memtrace.BadInputException;
import io.memtrace.index.IndexReader;
import io.memtrace.index.Spans;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.studies.results.SpanTable;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Traces study A's greedy continuations to the corpus: the longest span of each that occurs there,
 * into {@link SpanTable}. The continuations are read back from the database, and those already
 * traced in the index are skipped, so rows scored by an earlier run (with or without an index) are
 * traced by the next run that has one. Each batch is one transaction.
 */
final class ContinuationSpans {
  private static final int BATCH = 4096;

  private ContinuationSpans() {}

  /** Refuses an index of another tokenizer than the model's: its ids would mean other tokens. */
  static void checkTokenizer(IndexReader index, String model, String modelSha)
      throws BadInputException {
    String indexed = index.manifest().tokenizerSha256();
    if (indexed != null && modelSha != null && !indexed.equals(modelSha)) {
      throw BadInputException.in(
          index.directory(),
          "was built with the tokenizer of SHA-256 "
              + indexed
              + "; model '"
              + model
              + "' has "
              + modelSha
              + "; give the index of the model's training corpus");
    }
  }

  /** Traces every continuation of {@code model} not yet traced in {@code index}. */
  static void trace(ResultsDatabase results, String model, IndexReader index, Reporter reporter)
      throws IOException, SQLException {
    String key = index.directory().toAbsolutePath().normalize().toString();
    try (var bar = reporter.progress("spans", -1, "rows", 1)) {
      while (true) {
        List<SpanTable.Continuation> batch =
            SpanTable.unspanned(results.connection(), model, key, BATCH);
        if (batch.isEmpty()) return;
        List<SpanTable.Span> spans = new ArrayList<>(batch.size());
        for (SpanTable.Continuation c : batch) spans.add(longest(index, c));
        results.transaction(conn -> SpanTable.insert(conn, model, key, spans));
        bar.advance(batch.size());
      }
    }
  }

  /**
   * The longest span of the continuation that occurs, the first of several as long. An id outside
   * the index's vocabulary (a model may have more ids than its tokenizer) occurs nowhere, so the
   * spans of the pieces between such ids are traced.
   */
  static SpanTable.Span longest(IndexReader index, SpanTable.Continuation c)
      throws BadInputException {
    int[] tokens = c.generated();
    Spans.Span best = null;
    int bestStart = 0;
    int from = 0;
    for (int i = 0; i <= tokens.length; i++) {
      if (i < tokens.length && tokens[i] >= 0 && tokens[i] < index.vocabSize()) continue;
      if (i > from) {
        for (Spans.Span s : Spans.of(index, Arrays.copyOfRange(tokens, from, i), 1, 0, 1)) {
          if (best == null || s.end() - s.start() > best.end() - best.start()) {
            best = s;
            bestStart = from + s.start();
          }
        }
      }
      from = i + 1;
    }
    if (best == null) return new SpanTable.Span(c, 0, null, 0, null);
    return new SpanTable.Span(
        c,
        best.end() - best.start(),
        bestStart,
        best.page().total(),
        best.page().occurrences().getFirst().document());
  }
}
