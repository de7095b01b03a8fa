package io.memtrace.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.model.safetensors.DType;
import io.memtrace.model.safetensors.SafetensorsWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatMulTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(1L, DType.F32, 1, 7, 5),
        Arguments.of(2L, DType.BF16, 9, 100, 40),
        Arguments.of(3L, DType.F16, 17, 33, 64),
        Arguments.of(4L, DType.F32, 70, 260, 136),
        Arguments.of(5L, DType.BF16, 3, 1000, 1024),
        Arguments.of(6L, DType.F32, 130, 50, 3000));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void productMatchesNaiveAndIsTheSameOnAnyThreadCount(
      long seed, DType dtype, int n, int m, int k) {
    Random rnd = new Random(seed);
    float[] w = BaseKernelsTestCase.gaussian(rnd, m * k);
    float[] x = BaseKernelsTestCase.gaussian(rnd, n * k);
    try (Arena arena = Arena.ofShared();
        Parallel one = new Parallel(1);
        Parallel two = new Parallel(2)) {
      Matrix matrix = matrix(arena, dtype, w, m, k);
      float[] decoded = new float[m * k];
      matrix.decodeRows(0, m, decoded, 0);
      float[] a = new float[n * (m + 1)];
      new MatMul(Kernels.get(), two).multiply(matrix, x, n, a, 1, m + 1);
      float[] b = new float[n * (m + 1)];
      new MatMul(Kernels.get(), one).multiply(matrix, x, n, b, 1, m + 1);
      assertThat(a).isEqualTo(b);
      float[] s = new float[n * (m + 1)];
      new MatMul(Kernels.scalar(), two).multiply(matrix, x, n, s, 1, m + 1);
      assertThat(s).isEqualTo(a);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          double truth = 0;
          for (int c = 0; c < k; c++) truth += (double) x[i * k + c] * decoded[j * k + c];
          int o = 1 + i * (m + 1) + j;
          assertThat((double) a[o]).isCloseTo(truth, within(2e-6 * k));
          assertThat((double) s[o]).isCloseTo(truth, within(2e-6 * k));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void weightsPackedOnceGiveTheSameBitsAsWeightsPackedPerCall(
      long seed, DType dtype, int n, int m, int k) {
    Random rnd = new Random(seed);
    float[] w = BaseKernelsTestCase.gaussian(rnd, m * k);
    float[] x = BaseKernelsTestCase.gaussian(rnd, n * k);
    try (Arena arena = Arena.ofShared();
        Parallel two = new Parallel(2)) {
      Matrix matrix = matrix(arena, dtype, w, m, k);
      Matrix other = matrix(arena, dtype, BaseKernelsTestCase.gaussian(rnd, m * k), m, k);
      for (Kernels kernels : new Kernels[] {Kernels.get(), Kernels.scalar()}) {
        float[] perCall = new float[n * (m + 1)];
        new MatMul(kernels, two).multiply(matrix, x, n, perCall, 1, m + 1);
        float[] otherPerCall = new float[n * (m + 1)];
        new MatMul(kernels, two).multiply(other, x, n, otherPerCall, 1, m + 1);
        // room for one packed matrix: the first is kept, the second is packed per call
        MatMul packing = new MatMul(kernels, two, kernels.packedLength(m, k) * Float.BYTES);
        for (int repeat = 0; repeat < 2; repeat++) {
          float[] a = new float[n * (m + 1)];
          packing.multiply(matrix, x, n, a, 1, m + 1);
          assertThat(a).isEqualTo(perCall);
          float[] b = new float[n * (m + 1)];
          packing.multiply(other, x, n, b, 1, m + 1);
          assertThat(b).isEqualTo(otherPerCall);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void transposeKeepsTypeAndValues(long seed, DType dtype, int n, int m, int k) {
    Random rnd = new Random(seed);
    int rows = Math.min(m, 50);
    int cols = Math.min(k, 70);
    try (Arena arena = Arena.ofConfined()) {
      Matrix matrix =
          matrix(arena, dtype, BaseKernelsTestCase.gaussian(rnd, rows * cols), rows, cols);
      Matrix t = matrix.transposed(arena);
      assertThat(t.dtype()).isEqualTo(dtype);
      assertThat(t.rows()).isEqualTo(cols);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) assertThat(t.get(c, r)).isEqualTo(matrix.get(r, c));
      }
    }
  }

  static Matrix matrix(Arena arena, DType dtype, float[] values, int rows, int cols) {
    var entry =
        switch (dtype) {
          case F32 -> SafetensorsWriter.Entry.f32("w", values, rows, cols);
          case F16 -> SafetensorsWriter.Entry.f16("w", values, rows, cols);
          default -> SafetensorsWriter.Entry.bf16("w", values, rows, cols);
        };
    MemorySegment seg = arena.allocate(entry.bytes().length, 64);
    seg.copyFrom(MemorySegment.ofArray(entry.bytes()));
    return Matrix.of("w", dtype, seg, rows, cols);
  }
}
