package io.memtrace.model.tensor;

import io.memtrace.model.safetensors.DType;
import java.lang.foreign.MemorySegment;

/** IEEE half-precision weights, kept as 16-bit values in memory and widened as they are used. */
public final class F16Matrix extends Matrix {
  private final Kernels kernels = Kernels.get();

  F16Matrix(String name, int rows, int cols, MemorySegment data) {
    super(name, rows, cols, data, DType.F16);
  }

  @Override
  public DType dtype() {
    return DType.F16;
  }

  @Override
  public void decodeRows(int row, int count, float[] dst, int dstOff) {
    decodeRange((long) row * cols, count * cols, dst, dstOff);
  }

  @Override
  void decodeRange(long first, int n, float[] dst, int dstOff) {
    kernels.decodeF16(data, first * 2, dst, dstOff, n);
  }
}
