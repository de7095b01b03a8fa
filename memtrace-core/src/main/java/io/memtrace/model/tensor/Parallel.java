package io.memtrace.model.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed team of threads for the model's loops: the calling thread plus {@code threads - 1} daemon
 * helpers, which take the indices of a loop one at a time. Loops must not nest; loops called from
 * several threads run one after the other.
 *
 * <p>A training step or a forward pass of a small model runs thousands of loops of tens of
 * microseconds each. Handing each to a thread pool costs a futex wake-up and a park per loop, which
 * on a virtual machine take tens of microseconds each (and system time): so the helpers spin for a
 * while after a loop, catching the next one without a system call, and park only when no loop comes
 * (as OpenMP's runtime does).
 */
public final class Parallel implements AutoCloseable {
  /** How long a helper or the caller spins before it parks. */
  private static final long SPIN_NANOS = 200_000;

  private final int threads;
  private final Thread[] helpers;

  // The current loop, published by the write of generation and read after reading it.
  private IntConsumer body;
  private int count;
  private Thread caller;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile int generation;
  private volatile boolean closed;

  public Parallel(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads " + threads);
    this.threads = threads;
    this.helpers = new Thread[threads - 1];
    for (int t = 0; t < helpers.length; t++) {
      helpers[t] = Thread.ofPlatform().daemon().name("memtrace-model-" + (t + 1)).start(this::help);
    }
  }

  public int threads() {
    return threads;
  }

  /** Runs {@code body.accept(i)} for every {@code i < count}, spread over the team. */
  public synchronized void forEach(int count, IntConsumer body) {
    if (helpers.length == 0 || count <= 1) {
      for (int i = 0; i < count; i++) body.accept(i);
      return;
    }
    this.body = body;
    this.count = count;
    this.caller = Thread.currentThread();
    next.set(0);
    failure.set(null);
    busy.set(helpers.length);
    generation++;
    for (Thread helper : helpers) LockSupport.unpark(helper); // no system call unless it parked
    work();
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (busy.get() != 0) {
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
    this.body = null;
    Throwable failed = failure.get();
    if (failed instanceof RuntimeException r) throw r;
    if (failed instanceof Error e) throw e;
    if (failed != null) throw new IllegalStateException(failed);
  }

  /** Takes indices of the current loop until none are left; the first failure stops the loop. */
  private void work() {
    try {
      for (int i; (i = next.getAndIncrement()) < count; ) body.accept(i);
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e);
      next.set(count);
    }
  }

  /** A helper's life: wait for a loop, work on it, report done. */
  private void help() {
    int seen = 0;
    while (true) {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (generation == seen && !closed) {
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      if (closed) return;
      seen = generation;
      work();
      if (busy.decrementAndGet() == 0) LockSupport.unpark(caller);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread helper : helpers) LockSupport.unpark(helper);
  }
}
