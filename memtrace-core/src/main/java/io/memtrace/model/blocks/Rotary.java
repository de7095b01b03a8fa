package io.memtrace.model.blocks;

/**
 * Rotary position embedding in the rotate-half form of GPT-NeoX and transformers' Llama: the first
 * {@code dims} entries of a head split into halves (a, b), each pair (a_i, b_i) turned by the angle
 * {@code position · base^(-2i/dims)}; entries past {@code dims} pass through (GPT-NeoX's partial
 * rotary). Frequencies and angles are float32 products as transformers computes them; cosines and
 * sines are tabulated per position.
 */
public final class Rotary {
  private final int dims;
  private final float[] invFreq;
  private volatile float[] cos = new float[0];
  private volatile float[] sin = new float[0];

  public Rotary(int dims, double base) {
    if (dims % 2 != 0 || dims <= 0) throw new IllegalArgumentException("rotary dims " + dims);
    this.dims = dims;
    this.invFreq = new float[dims / 2];
    for (int i = 0; i < dims / 2; i++) {
      float exponent = (float) (2 * i) / dims;
      invFreq[i] = 1f / (float) Math.pow(base, exponent);
    }
  }

  public int dims() {
    return dims;
  }

  /** Tabulates angles for positions up to {@code maxPosition}; call before a parallel pass. */
  public synchronized void prepare(int maxPosition) {
    int half = dims / 2;
    int have = cos.length / half;
    if (maxPosition < have) return;
    int positions = Math.max(maxPosition + 1, 2 * have);
    float[] c = new float[positions * half];
    float[] s = new float[positions * half];
    for (int p = 0; p < positions; p++) {
      for (int i = 0; i < half; i++) {
        float angle = (float) p * invFreq[i];
        c[p * half + i] = (float) Math.cos(angle);
        s[p * half + i] = (float) Math.sin(angle);
      }
    }
    sin = s;
    cos = c;
  }

  /** Rotates the head at {@code v[off ..]} for {@code position}. */
  public void apply(float[] v, int off, int position) {
    int half = dims / 2;
    float[] c = cos;
    float[] s = sin;
    int t = position * half;
    for (int i = 0; i < half; i++) {
      float a = v[off + i];
      float b = v[off + half + i];
      v[off + i] = a * c[t + i] - b * s[t + i];
      v[off + half + i] = b * c[t + i] + a * s[t + i];
    }
  }

  /**
   * The transpose of {@link #apply}, a turn by the opposite angle: what a gradient with respect to
   * the rotated head becomes with respect to the head before rotation.
   */
  public void unapply(float[] v, int off, int position) {
    int half = dims / 2;
    float[] c = cos;
    float[] s = sin;
    int t = position * half;
    for (int i = 0; i < half; i++) {
      float a = v[off + i];
      float b = v[off + half + i];
      v[off + i] = a * c[t + i] + b * s[t + i];
      v[off + half + i] = b * c[t + i] - a * s[t + i];
    }
  }
}
