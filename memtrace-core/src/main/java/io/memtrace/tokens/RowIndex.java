package io.memtrace.tokens;

/**
 * The layout of a headerless file of fixed-length rows, such as Pythia's merged pre-shuffled Pile
 * (uint16 rows of 2049 tokens): row {@code i} is sequence {@code i} and document {@code i}.
 */
record RowIndex(long rows, int rowLength) implements SequenceIndex {
  @Override
  public long sequenceCount() {
    return rows;
  }

  @Override
  public long sequenceStart(long i) {
    return i * rowLength;
  }

  @Override
  public int sequenceLength(long i) {
    return rowLength;
  }

  @Override
  public long documentCount() {
    return rows;
  }

  @Override
  public long documentStart(long d) {
    return d * rowLength;
  }

  @Override
  public long documentEnd(long d) {
    return (d + 1) * rowLength;
  }
}
