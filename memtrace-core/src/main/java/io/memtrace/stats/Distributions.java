package io.memtrace.stats;

/**
 * The Student t and normal distribution functions that the rank-correlation p-values need, written
 * out from the regularized incomplete beta and gamma functions (continued fractions evaluated with
 * the modified Lentz method, Numerical Recipes 3rd ed. §6.2 and §6.4) so the JDK is the only
 * dependency. Tails are computed directly, never as {@code 1 - cdf}, so p-values far below machine
 * epsilon keep their relative precision.
 */
public final class Distributions {
  private static final double EPS = 1e-15;
  private static final double TINY = 1e-300; // Lentz: stands in for a zero denominator
  private static final int MAX_TERMS = 100_000; // about sqrt(max(a, b)) terms are needed
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private Distributions() {}

  /** P(T <= t) for Student's t with {@code df > 0} degrees of freedom. */
  public static double studentTCdf(double t, double df) {
    double lower = studentTTwoSided(t, df) / 2;
    return t > 0 ? 1 - lower : lower;
  }

  /**
   * P(|T| >= |t|) for Student's t with {@code df > 0} degrees of freedom: the regularized
   * incomplete beta I_x(df / 2, 1 / 2) at x = df / (df + t^2). Against scipy the relative error is
   * about 1e-12 up to 1e5 degrees of freedom; the continued fraction's cancellation grows it to
   * 3e-10 at 1e7 and 3e-8 at 2e9, the most a Spearman sample can have.
   */
  public static double studentTTwoSided(double t, double df) {
    if (!(df > 0)) throw new IllegalArgumentException("degrees of freedom must be > 0, got " + df);
    if (Double.isNaN(t)) return Double.NaN;
    double t2 = t * t;
    if (Double.isInfinite(t2)) return 0;
    // x and 1 - x each from its own quotient, so neither loses digits to cancellation.
    return regularizedBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
  }

  /** P(Z <= z) for the standard normal. */
  public static double normalCdf(double z) {
    return erfc(-z / Math.sqrt(2)) / 2;
  }

  /** P(|Z| >= |z|) for the standard normal: erfc(|z| / sqrt 2). */
  public static double normalTwoSided(double z) {
    return erfc(Math.abs(z) / Math.sqrt(2));
  }

  /** Complementary error function: erfc(x) = Q(1/2, x^2) for x >= 0, and 2 - erfc(-x) below. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) return Double.NaN;
    double q = regularizedGammaQ(0.5, x * x);
    return x >= 0 ? q : 2 - q;
  }

  /** I_x(a, b), given x and y = 1 - x (callers compute y without cancellation). */
  static double regularizedBeta(double x, double y, double a, double b) {
    if (x <= 0) return 0;
    if (y <= 0) return 1;
    // The continued fraction converges quickly only below this point; above it use the symmetry
    // I_x(a, b) = 1 - I_y(b, a).
    if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(y, x, b, a);
    // Each log from whichever of x, y is small (and so exact to the last bit): with many degrees of
    // freedom x is close to 1 and a is huge, so a ln x needs log1p(-y).
    double logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
    double logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
    double front = Math.exp(a * logX + b * logY - logBeta(a, b)) / a;
    return front * betaContinuedFraction(x, a, b);
  }

  /** NR's betacf: the continued fraction of I_x(a, b) / (x^a y^b / (a B(a, b))). */
  private static double betaContinuedFraction(double x, double a, double b) {
    double c = 1;
    double d = 1 / nonZero(1 - (a + b) * x / (a + 1));
    double h = d;
    for (int m = 1; m <= MAX_TERMS; m++) {
      int m2 = 2 * m;
      // even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m))
      double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 / nonZero(1 + num * d);
      c = nonZero(1 + num / c);
      h *= d * c;
      // odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
      num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 / nonZero(1 + num * d);
      c = nonZero(1 + num / c);
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) return h;
    }
    throw new IllegalStateException("incomplete beta did not converge: x=" + x + " a=" + a);
  }

  /**
   * Q(a, x) = Γ(a, x) / Γ(a): the series for P = 1 - Q below x = a + 1, a continued fraction above.
   */
  static double regularizedGammaQ(double a, double x) {
    if (x <= 0) return 1;
    double front = Math.exp(a * Math.log(x) - x - logGamma(a));
    if (x < a + 1) {
      // P(a, x) = front * sum_n x^n / (a (a + 1) ... (a + n))
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n <= MAX_TERMS; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPS) return 1 - front * sum;
      }
    } else {
      // NR's gcf: Q(a, x) = front times the continued fraction
      // 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / (x + 5 - a - ...)))
      double b = x + 1 - a;
      double c = 1 / TINY;
      double d = 1 / b;
      double h = d;
      for (int i = 1; i <= MAX_TERMS; i++) {
        double num = -i * (i - a);
        b += 2;
        d = 1 / nonZero(num * d + b);
        c = nonZero(b + num / c);
        double delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < EPS) return front * h;
      }
    }
    throw new IllegalStateException("incomplete gamma did not converge: a=" + a + " x=" + x);
  }

  /**
   * ln B(a, b) = ln Γ(b) + ln Γ(a) - ln Γ(a + b), with a >= b. The last two terms are near a ln a
   * each, so their difference is taken inside Lanczos' formula instead of between its results: -(a
   * + 1/2) ln(1 + b / t) - b ln(t + b) + b + ln(A(a) / A(a + b)) + ln(1 + b / a), t = a + g + 1/2.
   * That keeps about 1e-15 absolute for any a, where subtracting two ln Γ would lose a ln a *
   * 1e-16.
   */
  static double logBeta(double a, double b) {
    if (a < b) return logBeta(b, a);
    double t = a + LANCZOS_G + 0.5;
    return logGamma(b)
        - (a + 0.5) * Math.log1p(b / t)
        - b * Math.log(t + b)
        + b
        + Math.log(lanczosSum(a) / lanczosSum(a + b))
        + Math.log1p(b / a);
  }

  /**
   * ln Γ(x) for x > 0 by Lanczos' approximation with Godfrey's coefficients (g = 607/128, 15 terms;
   * as in Apache Commons Math), about 1e-15 absolute; below 1/2 through Γ(x + 1) = x Γ(x).
   */
  static double logGamma(double x) {
    if (x < 0.5) return logGamma(x + 1) - Math.log(x);
    double t = x + LANCZOS_G + 0.5;
    return (x + 0.5) * Math.log(t) - t + LOG_SQRT_2PI + Math.log(lanczosSum(x) / x);
  }

  /** A(x) in Γ(x) = sqrt(2 pi) t^(x + 1/2) e^-t A(x) / x. */
  private static double lanczosSum(double x) {
    double sum = LANCZOS[0];
    for (int i = LANCZOS.length - 1; i > 0; i--) sum += LANCZOS[i] / (x + i);
    return sum;
  }

  private static final double LANCZOS_G = 607.0 / 128.0;
  private static final double[] LANCZOS = {
    0.99999999999999709182,
    57.156235665862923517,
    -59.597960355475491248,
    14.136097974741747174,
    -0.49191381609762019978,
    .33994649984811888699e-4,
    .46523628927048575665e-4,
    -.98374475304879564677e-4,
    .15808870322491248884e-3,
    -.21026444172410488319e-3,
    .21743961811521264320e-3,
    -.16431810653676389022e-3,
    .84418223983852743293e-4,
    -.26190838401581408670e-4,
    .36899182659531622704e-5,
  };

  private static double nonZero(double v) {
    return Math.abs(v) < TINY ? TINY : v;
  }
}
