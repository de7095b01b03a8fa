package io.memtrace.model.safetensors;

import java.util.Arrays;

/**
 * One entry of a safetensors header: the tensor's type, its shape, and where its bytes lie,
 * relative to the start of the data section (the byte after the header).
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
  public TensorInfo {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The size of dimension {@code i}. */
  public long dim(int i) {
    return shape[i];
  }

  public int rank() {
    return shape.length;
  }

  /** Number of elements: the product of the shape (1 for a scalar). */
  public long elements() {
    long n = 1;
    for (long d : shape) n = Math.multiplyExact(n, d);
    return n;
  }

  public long byteSize() {
    return end - begin;
  }

  /** The shape as Python prints it, e.g. {@code [768, 2304]}. */
  public String shapeString() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && begin == t.begin
        && end == t.end;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + shapeString();
  }
}
