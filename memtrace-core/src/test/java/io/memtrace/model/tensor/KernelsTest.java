package io.memtrace.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.model.safetensors.SafetensorsWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both kernel implementations against double-precision truths, on odd sizes that leave tails. */
class KernelsTest {
  static final Kernels VECTOR = Kernels.get();
  static final Kernels SCALAR = Kernels.scalar();

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(1L, 1, 1, 1),
        Arguments.of(2L, 5, 3, 16),
        Arguments.of(3L, 7, 4, 40),
        Arguments.of(4L, 9, 10, 33),
        Arguments.of(5L, 13, 8, 128),
        Arguments.of(6L, 4, 6, 250),
        Arguments.of(7L, 1, 11, 17),
        Arguments.of(8L, 6, 50, 300));
  }

  @Test
  void vectorKernelsAreInUse() {
    assertThat(VECTOR.name()).startsWith("vector-");
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void matmulTileMatchesDoublePrecision(long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    float[] w = gaussian(rnd, m * k);
    float[] x = gaussian(rnd, 3 + n * k);
    int stride = m + 2;
    for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
      float[] out = new float[1 + n * stride];
      kernels.matmulTile(w, 0, m, x, 3, n, k, out, 1, stride);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          double truth = 0;
          for (int c = 0; c < k; c++) truth += (double) x[3 + i * k + c] * w[j * k + c];
          assertThat((double) out[1 + i * stride + j]).isCloseTo(truth, within(1e-5 * (1 + k)));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void packedProductIsTheTiledProductAndPackingFollowsTheDocumentedLayout(
      long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    float[] w = gaussian(rnd, m * k);
    float[] x = gaussian(rnd, n * k);
    for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
      int b = kernels.rowBlock();
      float[] packed = new float[2 + (int) kernels.packedLength(m, k)];
      java.util.Arrays.fill(packed, Float.NaN); // padding rows must not reach real outputs
      kernels.pack(w, 0, m, k, packed, 2);
      for (int j = 0; j < m; j++) {
        for (int c = 0; c < k; c++) {
          assertThat(packed[2 + j / b * b * k + c * b + j % b]).isEqualTo(w[j * k + c]);
        }
      }
      for (int j = m; j < (m + b - 1) / b * b; j++) {
        for (int c = 0; c < k; c++) packed[2 + j / b * b * k + c * b + j % b] = Float.NaN;
      }
      float[] tiled = new float[n * (m + 1)];
      kernels.matmulTile(w, 0, m, x, 0, n, k, tiled, 1, m + 1);
      float[] fromPacked = new float[n * (m + 1)];
      kernels.matmulPacked(packed, 2, m, x, 0, n, k, fromPacked, 1, m + 1);
      assertThat(fromPacked).isEqualTo(tiled);
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void transposedWeightsGiveTheBitsOfTheTransposedCopy(long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    int ldw = m + 3;
    float[] wT = gaussian(rnd, 5 + k * ldw); // (k, ldw) at 5; columns 1 .. m are the weights
    float[] x = gaussian(rnd, n * k);
    float[] w = new float[m * k];
    for (int j = 0; j < m; j++) {
      for (int c = 0; c < k; c++) w[j * k + c] = wT[5 + c * ldw + 1 + j];
    }
    for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
      float[] copy = new float[n * (m + 1)];
      kernels.matmulTile(w, 0, m, x, 0, n, k, copy, 1, m + 1);
      float[] direct = new float[n * (m + 1)];
      kernels.matmulTileT(wT, 6, ldw, m, x, 0, n, k, direct, 1, m + 1);
      assertThat(direct).isEqualTo(copy);
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void everyOutputIsTheSameFmaChainWhateverTileItSitsIn(long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    float[] w = gaussian(rnd, m * k);
    float[] x = gaussian(rnd, n * k);
    float[] vector = new float[n * m];
    VECTOR.matmulTile(w, 0, m, x, 0, n, k, vector, 0, m);
    float[] scalar = new float[n * m];
    SCALAR.matmulTile(w, 0, m, x, 0, n, k, scalar, 0, m);
    assertThat(vector).isEqualTo(scalar);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        float[] one = new float[1];
        VECTOR.matmulTile(w, j * k, 1, x, i * k, 1, k, one, 0, 1);
        assertThat(one[0]).isEqualTo(vector[i * m + j]);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void elementwiseKernelsAgree(long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    int len = n * m + k;
    float[] x = gaussian(rnd, len);
    for (int i = 0; i < len; i++) x[i] *= 3;
    float[] y = gaussian(rnd, len);
    for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
      float[] yy = y.clone();
      kernels.axpy(0.5f, x, 0, yy, 0, len);
      for (int i = 0; i < len; i++) assertThat(yy[i]).isCloseTo(y[i] + 0.5f * x[i], within(1e-6f));
      assertThat(kernels.max(x, 1, len - 1)).isEqualTo(naiveMax(x, 1, len));

      float[] g = x.clone();
      kernels.gelu(g, 0, len);
      float[] t = x.clone();
      kernels.geluTanh(t, 0, len);
      float[] s = x.clone();
      kernels.silu(s, 0, len);
      float[] dg = y.clone();
      kernels.geluBackward(x, dg, 0, len);
      for (int i = 0; i < len; i++) {
        double v = x[i];
        double dGelu =
            0.5 * (1 + erf(v / Math.sqrt(2))) + v * Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
        assertThat((double) dg[i]).isCloseTo(y[i] * dGelu, within(1e-5 * (1 + Math.abs(y[i]))));
        assertThat((double) g[i]).isCloseTo(0.5 * v * (1 + erf(v / Math.sqrt(2))), within(1e-6));
        double inner = Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v);
        assertThat((double) t[i]).isCloseTo(0.5 * v * (1 + Math.tanh(inner)), within(1e-5));
        assertThat((double) s[i]).isCloseTo(v / (1 + Math.exp(-v)), within(1e-5));
      }

      float[] p = x.clone();
      kernels.softmax(p, 0, len);
      double z = 0;
      float mx = naiveMax(x, 0, len);
      for (int i = 0; i < len; i++) z += Math.exp(x[i] - mx);
      for (int i = 0; i < len; i++) {
        assertThat((double) p[i]).isCloseTo(Math.exp(x[i] - mx) / z, within(1e-6));
      }
      double[] sums = new double[2];
      kernels.expSums(x, 0, len, mx, sums);
      double zd = 0;
      for (int i = 0; i < len; i++) zd += Math.exp(x[i] - mx) * (x[i] - mx);
      assertThat(sums[0]).isCloseTo(z, within(1e-5 * z));
      assertThat(sums[1]).isCloseTo(zd, within(1e-5 * (1 + Math.abs(zd))));
    }
  }

  @Test
  void maxIsNaNWhereverANaNSits() {
    for (int at = 0; at < 37; at++) {
      float[] x = new float[37];
      for (int i = 0; i < x.length; i++) x[i] = i;
      x[at] = Float.NaN;
      for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
        assertThat(kernels.max(x, 0, x.length)).as("NaN at %d", at).isNaN();
      }
    }
  }

  @Test
  void expSumsIgnoreSuppressedLogits() {
    float[] x = new float[37];
    x[5] = Float.NEGATIVE_INFINITY;
    x[36] = Float.NEGATIVE_INFINITY;
    for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
      double[] sums = new double[2];
      kernels.expSums(x, 0, x.length, 0f, sums);
      assertThat(sums[0]).isEqualTo(35.0);
      assertThat(sums[1]).isEqualTo(0.0);
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void halfPrecisionDecodingIsExact(long seed, int n, int m, int k) {
    Random rnd = new Random(seed);
    int len = n * m + k;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bf = arena.allocate(2L * len + 2);
      MemorySegment h = arena.allocate(2L * len + 2);
      ValueLayout.OfShort le = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
      float[] v = gaussian(rnd, len);
      for (int i = 0; i < len; i++) {
        bf.set(le, 2 + 2L * i, SafetensorsWriter.toBf16(v[i]));
        h.set(le, 2 + 2L * i, Float.floatToFloat16(v[i]));
      }
      for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
        float[] out = new float[len + 1];
        kernels.decodeBf16(bf, 2, out, 1, len);
        for (int i = 0; i < len; i++) {
          assertThat(out[i + 1])
              .isEqualTo(Float.intBitsToFloat(SafetensorsWriter.toBf16(v[i]) << 16));
        }
        kernels.decodeF16(h, 2, out, 1, len);
        for (int i = 0; i < len; i++) {
          assertThat(out[i + 1]).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(v[i])));
        }
      }
    }
  }

  static float[] gaussian(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
    return a;
  }

  private static float naiveMax(float[] x, int from, int to) {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) m = Math.max(m, x[i]);
    return m;
  }

  /** erf by its Taylor series, exact to double precision for |x| < 4. */
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
}
