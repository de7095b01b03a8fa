package io.memtrace.model.tensor;

/**
 * erf(x) after Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7): the Java library has no
 * erf, and this form vectorizes. Shared by both kernel implementations so they agree.
 */
public final class Erf {
  static final float P = 0.3275911f;
  static final float A1 = 0.254829592f;
  static final float A2 = -0.284496736f;
  static final float A3 = 1.421413741f;
  static final float A4 = -1.453152027f;
  static final float A5 = 1.061405429f;

  private Erf() {}

  public static float erf(float x) {
    float ax = Math.abs(x);
    float t = 1f / (1f + P * ax);
    float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
    float y = 1f - poly * (float) Math.exp(-ax * ax);
    return Math.copySign(y, x);
  }
}
