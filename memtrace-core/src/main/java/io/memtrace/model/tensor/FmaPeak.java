package io.memtrace.model.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's FP32 FMA peak as a program reaches it: independent FMA chains on registers only (no
 * loads, no stores), on every thread at once. Enough chains hide the FMA latency on every current
 * core (4 cycles x 2 units needs 8), so the figure is cores x FMA units x lanes x 2 x clock, with
 * the clock the cores keep under full vector load — which a virtual machine often does not report.
 */
public final class FmaPeak {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  /** FMAs per chain and call of {@link #chains}, long enough that the call's overhead vanishes. */
  private static final long STEPS = 1 << 20;

  private static final int CHAINS = 16;

  private FmaPeak() {}

  /** Float lanes per vector FMA. */
  public static int lanes() {
    return F.length();
  }

  /**
   * GFLOP/s of {@code threads} threads running FMA chains side by side for about {@code millis}.
   */
  public static double gflops(int threads, long millis) throws InterruptedException {
    for (int i = 0; i < 20; i++) chains(STEPS / 64); // compiled before the timed calls
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    long[] calls = new long[threads];
    float[] sink = new float[threads];
    List<Thread> team = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      team.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    await(start);
                    long end = System.nanoTime() + millis * 1_000_000;
                    while (System.nanoTime() < end) {
                      sink[id] += chains(STEPS);
                      calls[id]++;
                    }
                  }));
    }
    await(start);
    long t0 = System.nanoTime();
    for (Thread t : team) t.join();
    long nanos = System.nanoTime() - t0;
    long total = 0;
    for (long c : calls) total += c;
    if (Float.isNaN(sink[0])) throw new AssertionError(); // keeps the chains' results live
    return total * STEPS * CHAINS * lanes() * 2.0 / nanos;
  }

  private static float chains(long steps) {
    FloatVector a = FloatVector.broadcast(F, 0.999999f);
    FloatVector b = FloatVector.broadcast(F, 1e-7f);
    FloatVector c0 = FloatVector.broadcast(F, 1f), c1 = c0, c2 = c0, c3 = c0;
    FloatVector c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
    FloatVector c12 = c0, c13 = c0, c14 = c0, c15 = c0;
    for (long i = 0; i < steps; i++) {
      c0 = c0.fma(a, b);
      c1 = c1.fma(a, b);
      c2 = c2.fma(a, b);
      c3 = c3.fma(a, b);
      c4 = c4.fma(a, b);
      c5 = c5.fma(a, b);
      c6 = c6.fma(a, b);
      c7 = c7.fma(a, b);
      c8 = c8.fma(a, b);
      c9 = c9.fma(a, b);
      c10 = c10.fma(a, b);
      c11 = c11.fma(a, b);
      c12 = c12.fma(a, b);
      c13 = c13.fma(a, b);
      c14 = c14.fma(a, b);
      c15 = c15.fma(a, b);
    }
    FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7);
    s = s.add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15);
    return s.reduceLanes(VectorOperators.ADD);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
