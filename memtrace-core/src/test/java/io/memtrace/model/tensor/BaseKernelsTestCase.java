package io.memtrace.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link Kernels}, which the test of every provider extends: each kernel against a
 * naive reference written here in double precision, and the matrix products also against the FMA
 * chain over k in order that the interface promises bit for bit; on seeded random inputs of awkward
 * lengths (empty, one, one less and one more than the vector and panel widths up to 512 bits,
 * large), at offsets, leaving everything outside the range a kernel is given untouched.
 */
abstract class BaseKernelsTestCase {
  /** Unit roundoff of float. */
  private static final double U = 0x1p-24;

  /** What the arrays hold outside the range a kernel may write: a NaN no kernel makes. */
  private static final int SENTINEL = 0x7fc0dead;

  private static final ValueLayout.OfShort LE16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  protected abstract Kernels kernels();

  static Stream<Arguments> lengths() {
    int[] lengths = {
      0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1023, 1024, 1025, 4099
    };
    return IntStream.range(0, lengths.length).mapToObj(i -> Arguments.of(i + 1L, lengths[i]));
  }

  /**
   * (seed, n activation rows, m weight rows, k): tiles of 6, 3 and 1 rows and of 8, 4 and 1 rows,
   * partial panels of two and of three vectors.
   */
  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(1L, 1, 1, 1),
        Arguments.of(2L, 5, 3, 16),
        Arguments.of(3L, 7, 4, 40),
        Arguments.of(4L, 9, 10, 33),
        Arguments.of(5L, 13, 8, 128),
        Arguments.of(6L, 4, 6, 250),
        Arguments.of(7L, 1, 11, 17),
        Arguments.of(8L, 6, 50, 300),
        Arguments.of(9L, 0, 5, 7),
        Arguments.of(10L, 3, 0, 7),
        Arguments.of(11L, 2, 5, 0),
        Arguments.of(12L, 12, 15, 9),
        Arguments.of(13L, 7, 16, 9),
        Arguments.of(14L, 6, 17, 9),
        Arguments.of(15L, 19, 31, 5),
        Arguments.of(16L, 3, 32, 21),
        Arguments.of(17L, 2, 33, 3),
        Arguments.of(18L, 1, 63, 2),
        Arguments.of(19L, 8, 64, 1),
        Arguments.of(20L, 13, 65, 11),
        Arguments.of(21L, 2, 7, 1000),
        Arguments.of(22L, 21, 47, 13),
        Arguments.of(23L, 17, 48, 6),
        Arguments.of(24L, 29, 49, 19),
        Arguments.of(25L, 8, 95, 4),
        Arguments.of(26L, 12, 97, 8),
        Arguments.of(27L, 4, 144, 3));
  }

  @Test
  void describesItself() {
    assertThat(kernels().name()).isNotBlank();
    assertThat(kernels().rowBlock()).isPositive();
  }

  @ParameterizedTest(name = "seed {0}: n={1} m={2} k={3}")
  @MethodSource("shapes")
  void matmulTileIsTheFmaChainOfEachOutput(long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    int wOff = rnd.nextInt(4), xOff = rnd.nextInt(4), outOff = rnd.nextInt(4);
    int stride = m + rnd.nextInt(3);
    float[] w = gaussian(rnd, wOff + m * k + 2);
    float[] x = gaussian(rnd, xOff + n * k + 2);
    float[] wBefore = w.clone(), xBefore = x.clone();
    float[] out = sentinels(outOff + n * stride + 2);
    kernels().matmulTile(w, wOff, m, x, xOff, n, k, out, outOff, stride);
    assertProduct(
        out, outOff, stride, n, m, k, (i, c) -> x[xOff + i * k + c], (j, c) -> w[wOff + j * k + c]);
    assertThat(w).isEqualTo(wBefore);
    assertThat(x).isEqualTo(xBefore);
  }

  @ParameterizedTest(name = "seed {0}: n={1} m={2} k={3}")
  @MethodSource("shapes")
  void transposedWeightsGiveTheFmaChainOfTheirColumns(long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    int ldw = m + 1 + rnd.nextInt(3);
    int first = 1 + rnd.nextInt(ldw - m); // columns first .. first + m - 1 of a (k, ldw) matrix
    int base = rnd.nextInt(5);
    float[] wT = gaussian(rnd, base + k * ldw + 1);
    float[] x = gaussian(rnd, n * k);
    float[] out = sentinels(1 + n * (m + 1));
    kernels().matmulTileT(wT, base + first, ldw, m, x, 0, n, k, out, 1, m + 1);
    assertProduct(
        out, 1, m + 1, n, m, k, (i, c) -> x[i * k + c], (j, c) -> wT[base + c * ldw + first + j]);

    // the same bits as the product on a transposed copy, as the interface says
    float[] w = new float[m * k];
    for (int j = 0; j < m; j++) {
      for (int c = 0; c < k; c++) w[j * k + c] = wT[base + c * ldw + first + j];
    }
    float[] copy = sentinels(1 + n * (m + 1));
    kernels().matmulTile(w, 0, m, x, 0, n, k, copy, 1, m + 1);
    assertThat(bits(out)).isEqualTo(bits(copy));
  }

  @ParameterizedTest(name = "seed {0}: n={1} m={2} k={3}")
  @MethodSource("shapes")
  void packingFollowsTheDocumentedLayoutAndThePackedProductIsTheFmaChain(
      long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    int b = kernels().rowBlock();
    int panels = (m + b - 1) / b;
    assertThat(kernels().packedLength(m, k)).isEqualTo((long) panels * b * k);
    int wOff = rnd.nextInt(4), pOff = rnd.nextInt(4);
    float[] w = gaussian(rnd, wOff + m * k);
    float[] x = gaussian(rnd, n * k);
    float[] packed = sentinels(pOff + panels * b * k + 2);
    kernels().pack(w, wOff, m, k, packed, pOff);
    for (int j = 0; j < panels * b; j++) {
      for (int c = 0; c < k; c++) {
        float expected = j < m ? w[wOff + j * k + c] : 0f; // rows past m are zeros
        assertThat(packed[pOff + j / b * b * k + c * b + j % b])
            .as("row %d component %d", j, c)
            .isEqualTo(expected);
      }
    }
    assertUntouched(packed, pOff, panels * b * k);

    // the padding must not reach real outputs, whatever it holds
    for (int j = m; j < panels * b; j++) {
      for (int c = 0; c < k; c++) packed[pOff + j / b * b * k + c * b + j % b] = Float.NaN;
    }
    float[] out = sentinels(1 + n * (m + 1));
    kernels().matmulPacked(packed, pOff, m, x, 0, n, k, out, 1, m + 1);
    assertProduct(out, 1, m + 1, n, m, k, (i, c) -> x[i * k + c], (j, c) -> w[wOff + j * k + c]);
  }

  @ParameterizedTest(name = "seed {0}: n={1} m={2} k={3}")
  @MethodSource("shapes")
  void transposeMovesEveryElementOfTheBlockAndNothingElse(long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    int rows = n + 1;
    int cols = m + k + 1;
    float[] src = gaussian(rnd, rows * cols);
    int r0 = rnd.nextInt(rows);
    int r1 = r0 + rnd.nextInt(rows - r0 + 1);
    int c0 = rnd.nextInt(cols);
    int c1 = c0 + rnd.nextInt(cols - c0 + 1);
    float[] dst = new float[rows * cols];
    Arrays.fill(dst, Float.intBitsToFloat(SENTINEL));
    kernels().transpose(src, rows, cols, r0, r1, c0, c1, dst);
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        float want =
            r >= r0 && r < r1 && c >= c0 && c < c1
                ? src[r * cols + c]
                : Float.intBitsToFloat(SENTINEL);
        assertThat(Float.floatToRawIntBits(dst[c * rows + r]))
            .as("(%d, %d) of %d x %d, block [%d, %d) x [%d, %d)", r, c, rows, cols, r0, r1, c0, c1)
            .isEqualTo(Float.floatToRawIntBits(want));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}: n={1}")
  @MethodSource("lengths")
  void axpyAddsTheScaledVector(long seed, int n) {
    Random rnd = new Random(seed);
    float a = (float) rnd.nextGaussian();
    int xOff = rnd.nextInt(4), yOff = rnd.nextInt(4);
    float[] x = gaussian(rnd, xOff + n + 2);
    float[] y = withSentinels(gaussian(rnd, n), yOff);
    float[] xBefore = x.clone(), yBefore = y.clone();
    kernels().axpy(a, x, xOff, y, yOff, n);
    for (int i = 0; i < n; i++) {
      double ax = (double) a * x[xOff + i];
      double truth = yBefore[yOff + i] + ax;
      assertThat((double) y[yOff + i])
          .as("element %d", i)
          .isCloseTo(truth, within(2 * U * (Math.abs(yBefore[yOff + i]) + Math.abs(ax))));
    }
    assertUntouched(y, yOff, n);
    assertThat(x).isEqualTo(xBefore);
  }

  @Test
  void halfPrecisionDecodingIsExactForEveryBitPattern() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment all = arena.allocate(3 + 2L * 65536);
      for (int bits = 0; bits < 65536; bits++) all.set(LE16, 3 + 2L * bits, (short) bits);
      float[] bf = new float[1 + 65536];
      kernels().decodeBf16(all, 3, bf, 1, 65536);
      float[] h = new float[1 + 65536];
      kernels().decodeF16(all, 3, h, 1, 65536);
      List<String> wrong = new ArrayList<>();
      for (int bits = 0; bits < 65536; bits++) {
        if (!sameValue(bf[1 + bits], bf16(bits)))
          wrong.add("BF16 %04x: %s".formatted(bits, bf[1 + bits]));
        if (!sameValue(h[1 + bits], f16(bits)))
          wrong.add("F16 %04x: %s".formatted(bits, h[1 + bits]));
      }
      assertThat(wrong).isEmpty();
    }
  }

  @ParameterizedTest(name = "seed {0}: n={1}")
  @MethodSource("lengths")
  void halfPrecisionDecodingKeepsToItsRange(long seed, int n) {
    Random rnd = new Random(seed);
    long byteOff = rnd.nextInt(5);
    int dstOff = rnd.nextInt(4);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = arena.allocate(byteOff + 2L * n + 2);
      int[] values = new int[n];
      for (int i = 0; i < n; i++) {
        values[i] = rnd.nextInt(65536);
        src.set(LE16, byteOff + 2L * i, (short) values[i]);
      }
      float[] bf = sentinels(dstOff + n + 2);
      kernels().decodeBf16(src, byteOff, bf, dstOff, n);
      float[] h = sentinels(dstOff + n + 2);
      kernels().decodeF16(src, byteOff, h, dstOff, n);
      for (int i = 0; i < n; i++) {
        assertThat(sameValue(bf[dstOff + i], bf16(values[i]))).as("BF16 %04x", values[i]).isTrue();
        assertThat(sameValue(h[dstOff + i], f16(values[i]))).as("F16 %04x", values[i]).isTrue();
      }
      assertUntouched(bf, dstOff, n);
      assertUntouched(h, dstOff, n);
    }
  }

  @ParameterizedTest(name = "seed {0}: n={1}")
  @MethodSource("lengths")
  void maxIsTheLargestElementAndNaNWhereverOneSits(long seed, int n) {
    Random rnd = new Random(seed);
    int off = rnd.nextInt(4);
    float[] x = withSentinels(scaledGaussian(rnd, n, 3), off);
    Arrays.fill(x, 0, off, Float.MAX_VALUE); // outside the range: must not count
    double truth = Double.NEGATIVE_INFINITY; // the maximum of nothing
    for (int i = 0; i < n; i++) truth = Math.max(truth, x[off + i]);
    float max = kernels().max(x, off, n);
    assertThat(sameValue(max, truth)).as("max %s, expected %s", max, truth).isTrue();
    if (n > 0) {
      x[off + rnd.nextInt(n)] = Float.NaN;
      assertThat(kernels().max(x, off, n)).isNaN();
    }
  }

  @Test
  void maxIsNaNWhereverANaNSits() {
    for (int length : new int[] {37, 70}) {
      for (int at = 0; at < length; at++) {
        float[] x = new float[length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        x[at] = Float.NaN;
        assertThat(kernels().max(x, 0, x.length)).as("NaN at %d of %d", at, length).isNaN();
      }
    }
  }

  @ParameterizedTest(name = "seed {0}: n={1}")
  @MethodSource("lengths")
  void expSumsAreTheSumsOverTheExponentials(long seed, int n) {
    Random rnd = new Random(seed);
    int off = rnd.nextInt(4);
    float[] x = withSentinels(logits(rnd, n), off);
    float shift = (float) (rnd.nextGaussian() + 3);
    double z = 0, zd = 0, zdAbs = 0, zdd = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) x[off + i] - shift;
      double e = Math.exp(d);
      if (e == 0) continue; // a suppressed logit adds nothing
      z += e;
      zd += e * d;
      zdAbs += Math.abs(e * d);
      zdd += e * d * d;
    }
    double[] sums = {Double.NaN, Double.NaN, Double.NaN};
    kernels().expSums(x, off, n, shift, sums);
    assertThat(sums[0]).isCloseTo(z, within(1e-5 * z));
    assertThat(sums[1]).isCloseTo(zd, within(1e-5 * zdAbs));
    assertThat(sums[2]).isCloseTo(zdd, within(1e-5 * zdd));
  }

  @Test
  void expSumsIgnoreSuppressedLogits() {
    float[] x = new float[37];
    x[5] = Float.NEGATIVE_INFINITY;
    x[36] = Float.NEGATIVE_INFINITY;
    double[] sums = new double[3];
    kernels().expSums(x, 0, x.length, 0f, sums);
    assertThat(sums[0]).isEqualTo(35.0);
    assertThat(sums[1]).isEqualTo(0.0);
    assertThat(sums[2]).isEqualTo(0.0);
  }

  @ParameterizedTest(name = "seed {0}: n={1}")
  @MethodSource("lengths")
  void softmaxIsTheNormalizedExponentials(long seed, int n) {
    Random rnd = new Random(seed);
    int off = rnd.nextInt(4);
    float[] x = withSentinels(logits(rnd, n), off);
    if (n > 0) x[off + rnd.nextInt(n)] = (float) rnd.nextGaussian(); // at least one finite
    float[] p = x.clone();
    kernels().softmax(p, off, n);
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) max = Math.max(max, x[off + i]);
    double z = 0;
    for (int i = 0; i < n; i++) z += Math.exp(x[off + i] - max);
    for (int i = 0; i < n; i++) {
      double d = x[off + i] - max;
      if (d == Double.NEGATIVE_INFINITY) {
        assertThat(p[off + i]).as("element %d, suppressed", i).isZero();
        continue;
      }
      // within 1e-6 and, relative to each probability, n roundings in the sum and d's magnified by
      // exp
      double truth = Math.exp(d) / z;
      assertThat((double) p[off + i])
          .as("element %d", i)
          .isCloseTo(truth, within(Math.min(1e-6, (n + 8 + Math.abs(d)) * U * truth)));
    }
    if (n == 1) assertThat(p[off]).isEqualTo(1f);
    assertUntouched(p, off, n);
  }

  @ParameterizedTest(name = "seed {0}: n={1}")
  @MethodSource("lengths")
  void activationsMatchTheirDefinitions(long seed, int n) {
    Random rnd = new Random(seed);
    int off = rnd.nextInt(4);
    float[] x = withSentinels(activationInputs(rnd, n), off);
    float[] y = withSentinels(gaussian(rnd, n), off);
    float[] xBefore = x.clone();
    float[] gelu = x.clone(), tanh = x.clone(), silu = x.clone(), dGelu = y.clone();
    kernels().gelu(gelu, off, n);
    kernels().geluTanh(tanh, off, n);
    kernels().silu(silu, off, n);
    kernels().geluBackward(x, dGelu, off, n);
    for (int i = off; i < off + n; i++) {
      double v = x[i];
      double cdf = 0.5 * (1 + erf(v / Math.sqrt(2)));
      double inner = Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v);
      double derivative = cdf + v * Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
      String at = "x = " + v;
      assertThat((double) gelu[i]).as(at).isCloseTo(v * cdf, within(1e-6));
      assertThat((double) tanh[i]).as(at).isCloseTo(0.5 * v * (1 + Math.tanh(inner)), within(1e-5));
      assertThat((double) silu[i]).as(at).isCloseTo(v / (1 + Math.exp(-v)), within(1e-5));
      assertThat((double) dGelu[i])
          .as(at)
          .isCloseTo(y[i] * derivative, within(1e-5 * (1 + Math.abs(y[i]))));
    }
    for (float[] result : new float[][] {gelu, tanh, silu, dGelu}) assertUntouched(result, off, n);
    assertThat(bits(x)).as("geluBackward's input").isEqualTo(bits(xBefore));
  }

  // ---- references and inputs

  /** An element of a product's operand: (row, component) -> value. */
  @FunctionalInterface
  interface Operand {
    float at(int row, int c);
  }

  /**
   * out[off + i * stride + j] is, bit for bit, fma(x[i,k-1], w[j,k-1], ... fma(x[i,0], w[j,0], 0)),
   * within the bound of k roundings of the exact product, and nothing else of out was written.
   */
  private static void assertProduct(
      float[] out, int off, int stride, int n, int m, int k, Operand x, Operand w) {
    boolean[] written = new boolean[out.length];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        float chain = 0;
        double exact = 0, magnitude = 0;
        for (int c = 0; c < k; c++) {
          chain = Math.fma(x.at(i, c), w.at(j, c), chain);
          exact += (double) x.at(i, c) * w.at(j, c);
          magnitude += Math.abs((double) x.at(i, c) * w.at(j, c));
        }
        int o = off + i * stride + j;
        written[o] = true;
        assertThat(Float.floatToRawIntBits(out[o]))
            .as("output (%d, %d): the FMA chain %s, got %s", i, j, chain, out[o])
            .isEqualTo(Float.floatToRawIntBits(chain));
        assertThat((double) out[o]).isCloseTo(exact, within(1.01 * k * U * magnitude));
      }
    }
    for (int o = 0; o < out.length; o++) {
      if (!written[o]) {
        assertThat(Float.floatToRawIntBits(out[o]))
            .as("out[%d] not written", o)
            .isEqualTo(SENTINEL);
      }
    }
  }

  /** The value of BF16 bits by the format's definition: 1 sign, 8 exponent, 7 fraction bits. */
  static double bf16(int bits) {
    return fromFields(bits >>> 15 & 1, bits >>> 7 & 0xff, bits & 0x7f, 8, 7);
  }

  /** The value of IEEE half-precision bits: 1 sign, 5 exponent, 10 fraction bits. */
  static double f16(int bits) {
    return fromFields(bits >>> 15 & 1, bits >>> 10 & 0x1f, bits & 0x3ff, 5, 10);
  }

  private static double fromFields(int sign, int exponent, int fraction, int eBits, int fBits) {
    int bias = (1 << eBits - 1) - 1;
    double magnitude;
    if (exponent == (1 << eBits) - 1) {
      magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else if (exponent == 0) {
      magnitude = fraction * Math.pow(2, 1 - bias - fBits); // subnormal
    } else {
      magnitude = (1 + fraction / Math.pow(2, fBits)) * Math.pow(2, exponent - bias);
    }
    return sign == 1 ? -magnitude : magnitude;
  }

  /** erf by its Taylor series, exact to double precision for |x| < 4; beyond, within 2e-8 of ±1. */
  static double erf(double x) {
    if (Math.abs(x) >= 4) return Math.signum(x);
    double sum = 0;
    double term = x;
    for (int n = 0; n < 200; n++) {
      sum += term / (2 * n + 1);
      term *= -x * x / (n + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }

  static float[] gaussian(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
    return a;
  }

  private static float[] scaledGaussian(Random rnd, int n, float scale) {
    float[] a = gaussian(rnd, n);
    for (int i = 0; i < n; i++) a[i] *= scale;
    return a;
  }

  /** Logits around zero, one in ten suppressed (-infinity), as masks leave them. */
  private static float[] logits(Random rnd, int n) {
    float[] a = scaledGaussian(rnd, n, 3);
    for (int i = 0; i < n; i++) if (rnd.nextInt(10) == 0) a[i] = Float.NEGATIVE_INFINITY;
    return a;
  }

  /** Mostly 3 x Gaussian, with zeros and magnitudes past where exp overflows in float. */
  private static float[] activationInputs(Random rnd, int n) {
    float[] a = scaledGaussian(rnd, n, 3);
    float[] special = {0f, -0f, 20f, -20f, 95f, -95f, 1e-30f};
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(16) == 0) a[i] = special[rnd.nextInt(special.length)];
    }
    return a;
  }

  private static float[] sentinels(int length) {
    float[] a = new float[length];
    Arrays.fill(a, Float.intBitsToFloat(SENTINEL));
    return a;
  }

  /** {@code values} at {@code off} in an array of sentinels, two more after them. */
  private static float[] withSentinels(float[] values, int off) {
    float[] a = sentinels(off + values.length + 2);
    System.arraycopy(values, 0, a, off, values.length);
    return a;
  }

  private static void assertUntouched(float[] a, int off, int n) {
    for (int i = 0; i < a.length; i++) {
      if (i < off || i >= off + n) {
        assertThat(Float.floatToRawIntBits(a[i])).as("element %d outside", i).isEqualTo(SENTINEL);
      }
    }
  }

  private static int[] bits(float[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) out[i] = Float.floatToRawIntBits(a[i]);
    return out;
  }

  /** The same value, telling -0 from 0 (and any NaN equal to any other). */
  private static boolean sameValue(float actual, double expected) {
    return Double.doubleToLongBits(actual) == Double.doubleToLongBits(expected);
  }
}
