package io.memtrace.index;

import io.memtrace.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers of the index queries as the command line and the web API present them: one record per
 * query, so {@code memtrace index ... --json} and {@code /api/...} share their shape.
 */
public final class IndexAnswers {
  private IndexAnswers() {}

  /** Occurrences of an n-gram, and with {@code documents} asked the documents holding it. */
  public record Count(int[] ngram, long count, Long documents) {}

  /** A page of an n-gram's occurrences, each with the text around it. */
  public record Locations(Occurrences.Page page, List<Occurrences.Window> windows) {}

  /** The maximal spans of a sequence that occur in the corpus. */
  public record Trace(int[] tokens, List<Spans.Span> spans) {}

  public static Count count(IndexReader index, int[] ngram, boolean documents)
      throws BadInputException {
    long count = index.count(ngram);
    return new Count(ngram, count, documents ? Cooccurrence.documentFrequency(index, ngram) : null);
  }

  /** Occurrences {@code [from, from + limit)} with {@code context} tokens on each side. */
  public static Locations locate(IndexReader index, int[] ngram, long from, int limit, int context)
      throws BadInputException {
    if (context < 0) throw new BadInputException("context " + context + ": must be >= 0");
    Occurrences.Page page = Occurrences.page(index, ngram, from, limit);
    List<Occurrences.Window> windows = new ArrayList<>();
    for (Occurrences.Occurrence o : page.occurrences()) {
      windows.add(Occurrences.window(index, o, ngram.length, context));
    }
    return new Locations(page, windows);
  }

  /** The next-token distribution after {@code context}, cut to its {@code top} tokens. */
  public static NextTokens.Distribution ntd(
      IndexReader index, int[] context, int top, long exactLimit, int samples)
      throws BadInputException {
    NextTokens.Distribution d = NextTokens.of(index, context, exactLimit, samples);
    return new NextTokens.Distribution(
        d.context(), d.count(), d.continuations(), d.top(top), d.approx(), d.bound());
  }

  public static Trace spans(IndexReader index, int[] tokens, int minLength, long from, int limit)
      throws BadInputException {
    return new Trace(tokens, Spans.of(index, tokens, minLength, from, limit));
  }
}
