package io.memtrace.model.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The float arrays of a training step's forward and backward passes — activations, saved inputs,
 * gradients of activations: hundreds of megabytes a step. Allocated afresh, they are still alive
 * when the young collections run during the step, so the collector copies them and fills the old
 * generation with them, which costs more than the step's arithmetic on a small model. A recycling
 * instance hands out the arrays of the previous step again, in the order asked for; a step asks for
 * the same arrays each time, so after the first step it allocates nothing. Single-threaded: only
 * the thread that runs the step asks.
 */
final class StepBuffers {
  private final boolean recycling;
  private final List<float[]> arrays = new ArrayList<>();
  private int next;

  private StepBuffers(boolean recycling) {
    this.recycling = recycling;
  }

  /** Arrays that are handed out again after each {@link #reset}. */
  static StepBuffers recycling() {
    return new StepBuffers(true);
  }

  /** New arrays every time: for callers that keep what a pass returns. */
  static StepBuffers fresh() {
    return new StepBuffers(false);
  }

  /** Starts a step: arrays handed out before may be handed out again. */
  void reset() {
    next = 0;
  }

  /**
   * An array of {@code length} floats, valid until the next {@link #reset}, holding whatever it
   * held before: for a caller that writes every element.
   */
  float[] floats(int length) {
    if (!recycling) return new float[length];
    if (next == arrays.size()) arrays.add(new float[length]);
    if (arrays.get(next).length != length) arrays.set(next, new float[length]);
    return arrays.get(next++);
  }

  /** {@link #floats} zeroed, for a caller that adds into it. */
  float[] zeros(int length) {
    float[] a = floats(length);
    if (recycling) Arrays.fill(a, 0f);
    return a;
  }
}
