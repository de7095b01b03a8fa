package io.memtrace.model.tensor;

import io.memtrace.model.safetensors.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Float32 weights: decoding is a bulk copy. */
public final class F32Matrix extends Matrix {
  private static final ValueLayout.OfFloat LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  F32Matrix(String name, int rows, int cols, MemorySegment data) {
    super(name, rows, cols, data, DType.F32);
  }

  @Override
  public DType dtype() {
    return DType.F32;
  }

  @Override
  public void decodeRows(int row, int count, float[] dst, int dstOff) {
    decodeRange((long) row * cols, count * cols, dst, dstOff);
  }

  @Override
  void decodeRange(long first, int n, float[] dst, int dstOff) {
    MemorySegment.copy(data, LE, first * 4, dst, dstOff, n);
  }
}
