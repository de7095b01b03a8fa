package io.memtrace.model.safetensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A tensor inside a mapped safetensors file: its header entry and a view of its bytes. The view is
 * valid until the {@link Checkpoint} or {@link SafetensorsFile} that mapped it is closed.
 */
public record Tensor(Path file, TensorInfo info, MemorySegment data) {
  private static final ValueLayout.OfFloat F32 =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort I16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt I32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong I64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  public String name() {
    return info.name();
  }

  public DType dtype() {
    return info.dtype();
  }

  /** Element {@code i} (row-major) of an F32, F16 or BF16 tensor, as a float. */
  public float getFloat(long i) {
    return switch (info.dtype()) {
      case F32 -> data.getAtIndex(F32, i);
      case F16 -> Float.float16ToFloat(data.getAtIndex(I16, i));
      case BF16 -> Float.intBitsToFloat(data.getAtIndex(I16, i) << 16);
      default -> throw new IllegalStateException(this + " is not a floating-point tensor");
    };
  }

  /** Element {@code i} of an I32 or I64 tensor. */
  public long getLong(long i) {
    return switch (info.dtype()) {
      case I32 -> data.getAtIndex(I32, i);
      case I64 -> data.getAtIndex(I64, i);
      default -> throw new IllegalStateException(this + " is not an integer tensor");
    };
  }

  /** All elements as floats, copied into the heap: for small tensors (norms, biases, outputs). */
  public float[] toFloats() {
    float[] out = new float[Math.toIntExact(info.elements())];
    for (int i = 0; i < out.length; i++) out[i] = getFloat(i);
    return out;
  }

  /** All elements of an integer tensor as ints. */
  public int[] toInts() {
    int[] out = new int[Math.toIntExact(info.elements())];
    for (int i = 0; i < out.length; i++) out[i] = Math.toIntExact(getLong(i));
    return out;
  }

  @Override
  public String toString() {
    return file.getFileName() + ":" + info;
  }
}
