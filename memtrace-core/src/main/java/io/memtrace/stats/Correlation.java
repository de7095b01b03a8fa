package io.memtrace.stats;

/**
 * A correlation coefficient over {@code n} pairs with its two-sided p-value; both are NaN where the
 * coefficient is undefined (fewer than 3 pairs, or one side constant).
 */
public record Correlation(double coefficient, double pValue, int n) {
  static Correlation undefined(int n) {
    return new Correlation(Double.NaN, Double.NaN, n);
  }
}
