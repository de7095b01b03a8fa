package io.memtrace.model.training;

import io.memtrace.tokens.TokenStore;

/**
 * Training rows in training order: step s reads rows {@code s · batch .. s · batch + batch - 1}
 * (Pythia's pre-shuffled convention), so the rows a model saw at any step are known exactly.
 */
public interface TrainingRows {
  long rowCount();

  int rowLength();

  /** Copies row {@code row} into {@code dst} (length {@link #rowLength()}). */
  void read(long row, int[] dst);

  /** A token store with one sequence per row, all of one length. */
  static TrainingRows of(TokenStore store) {
    if (store.sequenceCount() == 0) throw new IllegalArgumentException(store + ": no rows");
    int length = store.sequenceLength(0);
    return new TrainingRows() {
      @Override
      public long rowCount() {
        return store.sequenceCount();
      }

      @Override
      public int rowLength() {
        return length;
      }

      @Override
      public void read(long row, int[] dst) {
        if (store.sequenceLength(row) != length) {
          throw new IllegalArgumentException(
              store
                  + ": row "
                  + row
                  + " has "
                  + store.sequenceLength(row)
                  + " tokens, not "
                  + length);
        }
        store.read(store.sequenceStart(row), dst, 0, length);
      }
    };
  }
}
