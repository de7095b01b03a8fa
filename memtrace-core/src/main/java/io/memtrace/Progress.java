package io.memtrace;

/**
 * Receives progress of long work, in the unit the work announces (bytes, documents, merges). Core
 * code reports through this interface so it never depends on how progress is shown.
 */
@FunctionalInterface
public interface Progress {
  Progress NONE = delta -> {};

  /** The work advanced by {@code delta} units. Called from any thread. */
  void advance(long delta);
}
