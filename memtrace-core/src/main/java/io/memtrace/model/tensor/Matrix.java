package io.memtrace.model.tensor;

import io.memtrace.model.safetensors.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A row-major (rows, cols) weight matrix viewed in place over memory — usually a mapped safetensors
 * file, so a checkpoint is never copied into the heap and BF16 stays BF16. One final subclass per
 * storage type overrides the one hot step, decoding rows into floats, which the shared matrix
 * product ({@link MatMul}) does a few rows at a time into a small buffer.
 */
public abstract sealed class Matrix permits F32Matrix, F16Matrix, Bf16Matrix {
  final String name;
  final int rows;
  final int cols;
  final MemorySegment data;

  Matrix(String name, int rows, int cols, MemorySegment data, DType dtype) {
    if (data.byteSize() != (long) rows * cols * dtype.bytes()) {
      throw new IllegalArgumentException(
          name + ": " + data.byteSize() + " bytes for " + dtype + "[" + rows + ", " + cols + "]");
    }
    this.name = name;
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** A view of {@code data}, (rows, cols) of {@code dtype}: F32, F16 or BF16. */
  public static Matrix of(String name, DType dtype, MemorySegment data, int rows, int cols) {
    return switch (dtype) {
      case F32 -> new F32Matrix(name, rows, cols, data);
      case F16 -> new F16Matrix(name, rows, cols, data);
      case BF16 -> new Bf16Matrix(name, rows, cols, data);
      default -> throw new IllegalArgumentException(name + ": " + dtype + " is not a weight type");
    };
  }

  public abstract DType dtype();

  /** Decodes rows {@code [row, row + count)} into {@code dst} from {@code dstOff}, row-major. */
  public abstract void decodeRows(int row, int count, float[] dst, int dstOff);

  public String name() {
    return name;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public float get(int row, int col) {
    float[] one = new float[1];
    decodeRange((long) row * cols + col, 1, one, 0);
    return one[0];
  }

  /** Decodes {@code n} elements from flat index {@code first}. */
  abstract void decodeRange(long first, int n, float[] dst, int dstOff);

  /**
   * The (cols, rows) transpose, same storage type, in native memory of {@code arena}: for weights
   * stored (in, out), such as GPT-2's Conv1D, so that every product reads contiguous rows.
   */
  public Matrix transposed(Arena arena) {
    int bytes = dtype().bytes();
    MemorySegment t = arena.allocate(data.byteSize(), 64);
    if (bytes == 4) {
      ValueLayout.OfInt l = ValueLayout.JAVA_INT_UNALIGNED;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          t.setAtIndex(l, (long) c * rows + r, data.getAtIndex(l, (long) r * cols + c));
        }
      }
    } else {
      ValueLayout.OfShort l = ValueLayout.JAVA_SHORT_UNALIGNED;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          t.setAtIndex(l, (long) c * rows + r, data.getAtIndex(l, (long) r * cols + c));
        }
      }
    }
    return of(name + ".T", dtype(), t, cols, rows);
  }

  @Override
  public String toString() {
    return name + " " + dtype() + "[" + rows + ", " + cols + "]";
  }
}
