package io.memtrace.model.training;

import io.memtrace.model.tensor.Parallel;
import java.util.SplittableRandom;

/**
 * An inverted-dropout mask over n values, as {@code torch.nn.Dropout} in training mode: each value
 * is kept with probability 1 - p and then scaled by 1 / (1 - p), or zeroed. The mask is drawn in
 * fixed chunks, each from its own seeded stream, so it depends on the seed only, never on the
 * thread count; the backward pass applies the same mask to the gradient.
 */
final class Dropout {
  private static final int CHUNK = 1 << 14;

  private final boolean[] keep;
  private final float scale;

  private Dropout(boolean[] keep, float scale) {
    this.keep = keep;
    this.scale = scale;
  }

  /** A mask of {@code n} values dropped with probability {@code p} in (0, 1), drawn from seed. */
  static Dropout draw(Parallel parallel, int n, double p, long seed) {
    if (!(p > 0 && p < 1)) throw new IllegalArgumentException("dropout " + p);
    boolean[] keep = new boolean[n];
    // Two draws per 64 random bits: a value is dropped when its 32 bits fall below p · 2³².
    long threshold = (long) Math.floor(p * 0x1p32);
    parallel.forEach(
        (n + CHUNK - 1) / CHUNK,
        c -> {
          SplittableRandom random = new SplittableRandom(mix(seed ^ mix(c + 1L)));
          int end = Math.min(n, (c + 1) * CHUNK);
          for (int i = c * CHUNK; i < end; i += 2) {
            long bits = random.nextLong();
            keep[i] = (bits >>> 32) >= threshold;
            if (i + 1 < end) keep[i + 1] = (bits & 0xffffffffL) >= threshold;
          }
        });
    return new Dropout(keep, (float) (1 / (1 - p)));
  }

  int size() {
    return keep.length;
  }

  boolean kept(int i) {
    return keep[i];
  }

  /** The mask itself, true where a value is kept (not to be modified). */
  boolean[] mask() {
    return keep;
  }

  /** 1 / (1 - p): what a kept value is multiplied by. */
  float scale() {
    return scale;
  }

  /** Value {@code i} after the mask. */
  float apply(float value, int i) {
    return keep[i] ? value * scale : 0f;
  }

  /** Applies the mask to {@code x} in place (forward), or to its gradient (backward). */
  void applyInPlace(float[] x) {
    if (x.length != keep.length) {
      throw new IllegalArgumentException(x.length + " values for a mask of " + keep.length);
    }
    boolean[] k = keep;
    float sc = scale;
    for (int i = 0; i < x.length; i++) x[i] = k[i] ? x[i] * sc : 0f;
  }

  /** The 64-bit finalizer of MurmurHash3: distinct inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
