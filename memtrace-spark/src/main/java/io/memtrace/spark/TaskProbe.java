package io.memtrace.spark;

import java.io.Serializable;

/**
 * Called by every task at named points of its work, with the task's attempt number: how a test
 * fails an attempt mid-way (after it wrote part of its output) to see that Spark's retry leaves the
 * same result. Jobs run with {@link #NONE} otherwise.
 */
@FunctionalInterface
public interface TaskProbe extends Serializable {
  TaskProbe NONE = (point, partition, attempt) -> {};

  /**
   * @param point where the task is ("written": its output is written, not yet returned)
   * @param partition the task's partition
   * @param attempt the attempt number, 0 for the first
   */
  void reached(String point, int partition, int attempt);
}
