package io.memtrace.index.sais;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that run the parts of one step together: part 0 on the calling thread,
 * the others on workers started once per suffix-array construction.
 *
 * <p>Induced sorting hands out two short steps per block of a few hundred thousand entries, so a
 * step must start in microseconds: workers spin briefly for the next step and then park, which
 * keeps them from burning a core the caller could use while it works alone.
 *
 * <p>Threading: one caller at a time; {@link #close} after the last step.
 */
final class Team implements AutoCloseable {
  /** One step of work split into {@code parts} parts; must be safe to run concurrently. */
  @FunctionalInterface
  interface Step {
    void run(int part, int parts);
  }

  private static final int SPINS = 1 << 11;

  private final int size;
  private final long grain;
  private final Thread[] workers;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile Step step;
  private volatile int generation;
  private volatile boolean closed;
  private volatile Thread caller;
  private volatile Throwable failure;

  /**
   * @param grain the least work (in entries) worth a part of its own: splitting finer costs more in
   *     hand-offs than it saves
   */
  Team(int size, long grain) {
    if (size < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + size);
    }
    this.size = size;
    this.grain = Math.max(1, grain);
    this.workers = new Thread[size - 1];
    for (int i = 0; i < workers.length; i++) {
      int part = i + 1;
      workers[i] =
          Thread.ofPlatform().daemon().name("suffix-array-" + part).start(() -> work(part));
    }
  }

  int size() {
    return size;
  }

  /** Parts to split {@code work} entries into: one per member, but none smaller than the grain. */
  int parts(long work) {
    return (int) Math.min(size, Math.max(1, work / grain));
  }

  /** Runs {@code s} on every member and returns when all parts are done. */
  void run(Step s) {
    if (size == 1) {
      s.run(0, 1);
      return;
    }
    step = s;
    caller = Thread.currentThread();
    pending.set(size - 1);
    generation++;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    Throwable own = null;
    try {
      s.run(0, size);
    } catch (RuntimeException | Error e) {
      own = e;
    }
    for (int spins = 0; pending.get() != 0; spins++) {
      if (spins < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
    Throwable theirs = failure;
    failure = null;
    rethrow(own != null ? own : theirs);
  }

  /** Runs {@code body(from, to)} over {@code [0, n)} split into one contiguous range per member. */
  void forRange(long n, RangeBody body) {
    run((part, parts) -> body.run(n * part / parts, n * (part + 1) / parts));
  }

  @FunctionalInterface
  interface RangeBody {
    void run(long from, long to);
  }

  /** What part {@code part} of {@code parts} amounts to (an independent count). */
  @FunctionalInterface
  interface PartCount {
    int count(int part);
  }

  /**
   * Where each of {@code parts} parts starts when they are laid out in order from {@code base}:
   * {@code starts[i] = base + count(0) + ... + count(i - 1)}, the counts taken in parallel; {@code
   * starts[parts]} is the end of the last.
   */
  int[] starts(int parts, int base, PartCount count) {
    int[] starts = new int[parts + 1];
    run(
        (part, size) -> {
          for (int i = part; i < parts; i += size) {
            starts[i + 1] = count.count(i);
          }
        });
    starts[0] = base;
    for (int i = 0; i < parts; i++) {
      starts[i + 1] += starts[i];
    }
    return starts;
  }

  private void work(int part) {
    int seen = 0;
    while (true) {
      int g;
      for (int spins = 0; (g = generation) == seen && !closed; spins++) {
        if (spins < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      if (closed) {
        return;
      }
      seen = g;
      try {
        step.run(part, size);
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      if (pending.decrementAndGet() == 0) {
        LockSupport.unpark(caller);
      }
    }
  }

  private static void rethrow(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
  }
}
