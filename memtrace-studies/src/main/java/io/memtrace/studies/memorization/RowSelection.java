package io.memtrace.studies.memorization;

/** Which training rows study A scores. */
public sealed interface RowSelection {
  /** {@code count} rows drawn without replacement, seeded. */
  record Sample(int count, long seed) implements RowSelection {}

  /** Every row. */
  record All() implements RowSelection {}

  /**
   * The rows of training steps {@code from .. to - 1}, {@code batch} rows a step (row {@code s *
   * batch + i} is row i of step s, as Pythia's pre-shuffled data).
   */
  record TrainingSteps(long from, long to, int batch) implements RowSelection {}
}
