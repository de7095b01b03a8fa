package io.memtrace.model.arch;

import io.memtrace.BadInputException;
import io.memtrace.model.safetensors.Checkpoint;
import io.memtrace.model.safetensors.Tensor;
import io.memtrace.model.tensor.Matrix;
import java.util.Arrays;

/**
 * Looks up the tensors an architecture needs and checks each against the shape its config implies,
 * so a wrong checkpoint fails at load with the tensor's name and the expected shape.
 */
public final class Weights {
  private final Checkpoint checkpoint;

  public Weights(Checkpoint checkpoint) {
    this.checkpoint = checkpoint;
  }

  public boolean has(String name) {
    return checkpoint.has(name);
  }

  /** A (rows, cols) weight, viewed in place. */
  public Matrix matrix(String name, int rows, int cols) throws BadInputException {
    Tensor t = require(name, rows, cols);
    return Matrix.of(name, t.dtype(), t.data(), rows, cols);
  }

  /**
   * A weight stored (in, out), as GPT-2's Conv1D keeps it, as the (out, in) matrix the product
   * reads: transposed once into native memory that lives as long as the checkpoint.
   */
  public Matrix transposed(String name, int in, int out) throws BadInputException {
    Tensor t = require(name, in, out);
    return Matrix.of(name, t.dtype(), t.data(), in, out).transposed(checkpoint.arena());
  }

  /** A vector of n (norm weights, biases), copied into the heap as floats. */
  public float[] vector(String name, int n) throws BadInputException {
    return require(name, n).toFloats();
  }

  private Tensor require(String name, int... shape) throws BadInputException {
    long[] expected = Arrays.stream(shape).asLongStream().toArray();
    Tensor t = checkpoint.find(name);
    if (t == null) {
      throw BadInputException.in(
          checkpoint.dir(),
          "tensor '" + name + "' is missing; expected shape " + Arrays.toString(expected));
    }
    if (!Arrays.equals(t.info().shape(), expected)) {
      throw BadInputException.in(
          t.file(),
          "tensor '"
              + name
              + "' has shape "
              + t.info().shapeString()
              + "; expected "
              + Arrays.toString(expected));
    }
    if (!t.dtype().isFloatWeight()) {
      throw BadInputException.in(
          t.file(), "tensor '" + name + "' is " + t.dtype() + "; expected F32, F16 or BF16");
    }
    return t;
  }
}
