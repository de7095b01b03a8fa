package io.memtrace.model.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The hot loops of the model engine. Two implementations: {@link ScalarKernels}, plain Java, and
 * {@code VectorKernels}, the only class that uses the incubating Vector API. {@link #get()} picks
 * the vector one when the JVM was started with {@code --add-modules jdk.incubator.vector}, unless
 * the system property {@code memtrace.kernels=scalar} asks for the plain one.
 *
 * <p>Every output of the matrix product is the FMA chain over k in order, in both implementations,
 * so a position's result depends neither on the batch it was computed in nor on the kernels.
 */
public interface Kernels {
  /** The Vector API kernels when available, else the scalar ones. */
  static Kernels get() {
    return Holder.PREFERRED;
  }

  static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  String name();

  /** Weight rows {@link #matmulTile} handles best in multiples of (its panel width). */
  int rowBlock();

  /**
   * {@code out[outOff + i * outStride + j] = Σ_c x[xOff + i * k + c] * w[wOff + j * k + c]} for
   * {@code i < n}, {@code j < m}: n activation rows against m weight rows, both of length k.
   */
  void matmulTile(
      float[] w,
      int wOff,
      int m,
      float[] x,
      int xOff,
      int n,
      int k,
      float[] out,
      int outOff,
      int outStride);

  /**
   * {@link #matmulTile} with the weights stored transposed: weight row j's component c is {@code
   * wT[wOff + c * ldw + j]}, as when the weights are the columns of a row-major (k, ldw) matrix.
   * The same bits as {@link #matmulTile} on a transposed copy, without making one.
   */
  void matmulTileT(
      float[] wT,
      int wOff,
      int ldw,
      int m,
      float[] x,
      int xOff,
      int n,
      int k,
      float[] out,
      int outOff,
      int outStride);

  /**
   * Floats {@link #pack} writes for m weight rows of length k: whole panels of {@link #rowBlock}
   * rows, the last one padded with zeros.
   */
  default long packedLength(int m, int k) {
    return (long) (m + rowBlock() - 1) / rowBlock() * rowBlock() * k;
  }

  /**
   * Lays out m weight rows of length k (at {@code wOff}, row-major) in the kernels' own order at
   * {@code dst[dstOff ..]}, for {@link #matmulPacked}: panels of b = {@link #rowBlock} rows, one
   * after the other, each component-major, so element (j, c) goes to {@code dstOff + j / b * b * k
   * + c * b + j % b}. Rows of a partial last panel past m are zeros here; {@link #matmulPacked}
   * ignores whatever they hold.
   */
  void pack(float[] w, int wOff, int m, int k, float[] dst, int dstOff);

  /**
   * {@link #matmulTile} on weights already {@link #pack}ed at {@code packed[pOff ..]}: the same
   * bits, without laying the weights out again on every call.
   */
  void matmulPacked(
      float[] packed,
      int pOff,
      int m,
      float[] x,
      int xOff,
      int n,
      int k,
      float[] out,
      int outOff,
      int outStride);

  /**
   * A block of the (cols, rows) transpose of the row-major (rows, cols) {@code src}: {@code dst[c *
   * rows + r] = src[r * cols + c]} for {@code r0 <= r < r1}, {@code c0 <= c < c1}.
   */
  void transpose(float[] src, int rows, int cols, int r0, int r1, int c0, int c1, float[] dst);

  /** {@code y[yOff + i] += a * x[xOff + i]}. */
  void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n);

  /** Decodes {@code n} little-endian BF16 values at {@code byteOff} into {@code dst}. */
  void decodeBf16(MemorySegment src, long byteOff, float[] dst, int dstOff, int n);

  /** Decodes {@code n} little-endian IEEE half-precision values at {@code byteOff}. */
  void decodeF16(MemorySegment src, long byteOff, float[] dst, int dstOff, int n);

  float max(float[] x, int off, int n);

  /**
   * With {@code d_i = x_i - shift}: {@code sums[0] = Σ exp(d_i)}, {@code sums[1] = Σ exp(d_i) d_i}
   * (what log-softmax and entropy need) and {@code sums[2] = Σ exp(d_i) d_i²} (the variance of the
   * log-probabilities, for min-k%++), accumulated in double.
   */
  void expSums(float[] x, int off, int n, float shift, double[] sums);

  /** Softmax of {@code x[off .. off+n)} in place. */
  void softmax(float[] x, int off, int n);

  /** GELU with the exact normal CDF (PyTorch's {@code gelu}), in place. */
  void gelu(float[] x, int off, int n);

  /**
   * {@code dy[off + i] *= gelu'(u[off + i])} with {@code gelu'(u) = Φ(u) + u φ(u)}: the backward
   * pass of {@link #gelu}, with the same erf.
   */
  void geluBackward(float[] u, float[] dy, int off, int n);

  /** GELU's tanh approximation ({@code gelu_new}, {@code gelu_pytorch_tanh}), in place. */
  void geluTanh(float[] x, int off, int n);

  /** {@code x σ(x)}, in place. */
  void silu(float[] x, int off, int n);

  /** Loads the vector kernels only when their module is present. */
  final class Holder {
    static final Kernels PREFERRED = choose();

    private Holder() {}

    private static Kernels choose() {
      if ("scalar".equals(System.getProperty("memtrace.kernels"))) return ScalarKernels.INSTANCE;
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return ScalarKernels.INSTANCE;
      }
      try {
        return (Kernels)
            Class.forName("io.memtrace.model.tensor.VectorKernels")
                .getDeclaredConstructor()
                .newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        return ScalarKernels.INSTANCE;
      }
    }
  }
}
