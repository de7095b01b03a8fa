package io.memtrace.tokens;

/**
 * Where sequences and documents lie in a store's token stream. The two layouts memtrace reads
 * differ only here, so {@link TokenStore} keeps one token segment and delegates these questions.
 * Arguments are checked by the caller; implementations assume they are in range.
 */
sealed interface SequenceIndex permits MegatronIndex, RowIndex {
  long sequenceCount();

  /** Token position of the first token of sequence {@code i}. */
  long sequenceStart(long i);

  int sequenceLength(long i);

  long documentCount();

  /** Token position of the first token of document {@code d}. */
  long documentStart(long d);

  /** Token position one past the last token of document {@code d}. */
  long documentEnd(long d);
}
