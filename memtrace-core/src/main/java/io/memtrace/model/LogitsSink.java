package io.memtrace.model;

/**
 * Sees the full logits of each scored position, one row at a time, for reductions beyond the
 * built-in ones. Called from the model's threads, possibly at once for different positions.
 */
@FunctionalInterface
public interface LogitsSink {
  /**
   * Logits of row {@code row} at {@code position}, before any suppression: {@code logits[offset ..<
   * offset + vocab]}, read only.
   */
  void accept(int row, int position, float[] logits, int offset, int vocab);
}
