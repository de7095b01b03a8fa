package io.memtrace.model.tensor;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed team of threads for the model's loops: the calling thread plus {@code threads - 1} daemon
 * helpers, which take the indices of a loop one at a time. Loops must not nest.
 */
public final class Parallel implements AutoCloseable {
  private final int threads;
  private final ExecutorService helpers;

  public Parallel(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads " + threads);
    this.threads = threads;
    AtomicInteger id = new AtomicInteger();
    this.helpers =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "memtrace-model-" + id.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
  }

  public int threads() {
    return threads;
  }

  /** Runs {@code body.accept(i)} for every {@code i < count}, spread over the team. */
  public void forEach(int count, IntConsumer body) {
    if (helpers == null || count <= 1) {
      for (int i = 0; i < count; i++) body.accept(i);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          for (int i; (i = next.getAndIncrement()) < count; ) body.accept(i);
        };
    int n = Math.min(threads - 1, count - 1);
    Future<?>[] running = new Future<?>[n];
    for (int t = 0; t < n; t++) running[t] = helpers.submit(worker);
    Throwable failure = null;
    try {
      worker.run();
    } catch (RuntimeException | Error e) {
      next.set(count);
      failure = e;
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) failure = e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure == null) failure = e;
      }
    }
    if (failure instanceof RuntimeException r) throw r;
    if (failure instanceof Error e) throw e;
    if (failure != null) throw new IllegalStateException(failure);
  }

  @Override
  public void close() {
    if (helpers != null) helpers.shutdownNow();
  }
}
