package io.memtrace.studies;

import io.memtrace.Progress;

/**
 * Where a runner reports while it works: notes for the user (one line each) and progress of its
 * long steps. The command line shows them on the console, tests and library users may ignore them.
 */
public interface Reporter {
  /** Reports nothing. */
  Reporter SILENT =
      new Reporter() {
        @Override
        public void note(String line) {}

        @Override
        public Meter progress(String task, long total, String unit, long unitSize) {
          return new Meter() {
            @Override
            public void advance(long delta) {}

            @Override
            public void close() {}
          };
        }
      };

  /** A line the user should read (a warning, a count, where an output went). */
  void note(String line);

  /**
   * Progress of a step over {@code total} units ({@code -1} if unknown), shown as {@code unit} of
   * {@code unitSize} units.
   */
  Meter progress(String task, long total, String unit, long unitSize);

  /** Progress of one step; closed when the step ends. */
  interface Meter extends Progress, AutoCloseable {
    @Override
    void close();
  }
}
