package io.memtrace.cli;

import io.memtrace.corpus.CorpusStats;
import io.memtrace.tokens.Tokenizer;

/** Corpus statistics as a human-readable table. */
final class StatsReport {
  private StatsReport() {}

  static String format(CorpusStats s, Tokenizer tokenizer) {
    var b = new StringBuilder();
    b.append(String.format("documents      %,15d%n", s.documents()));
    b.append(String.format("sequences      %,15d%n", s.sequences()));
    b.append(String.format("tokens         %,15d%n", s.tokens()));
    b.append(
        String.format(
            "document length min %,d  mean %,.1f  max %,d tokens%n",
            s.minDocumentTokens(), s.meanDocumentTokens(), s.maxDocumentTokens()));
    b.append(String.format("distinct ids   %,15d", s.distinctTokens()));
    if (tokenizer != null) {
      b.append(
          String.format(
              " of %,d in the vocabulary (%.1f%%)",
              tokenizer.vocabSize(), 100.0 * s.distinctTokens() / tokenizer.vocabSize()));
    }
    b.append(String.format("%nlargest id     %,15d%n", s.maxTokenId()));
    b.append(String.format("%n  rank         id          count   share  token%n"));
    int rank = 1;
    for (CorpusStats.TokenCount t : s.top()) {
      String text = tokenizer == null ? "" : printable(tokenizer.decode(new int[] {t.id()}));
      b.append(
          String.format(
              "  %4d %10d %,14d %6.2f%%  %s%n",
              rank++, t.id(), t.count(), 100.0 * t.count() / s.tokens(), text));
    }
    return b.toString();
  }

  /** Token text with whitespace made visible, quoted. */
  private static String printable(String text) {
    return "'" + text.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + "'";
  }
}
