package io.memtrace.model.training;

/**
 * One trainable tensor in F32 with its gradient, under its Hugging Face name. {@code decay} says
 * whether AdamW's weight decay applies: matrices (embeddings and linear weights) decay, biases and
 * LayerNorm parameters do not, as in GPT-NeoX and most training recipes.
 */
public record Parameter(String name, long[] shape, float[] data, float[] grad, boolean decay) {
  Parameter(String name, boolean decay, int... shape) {
    this(name, longs(shape), new float[size(shape)], new float[size(shape)], decay);
  }

  public int size() {
    return data.length;
  }

  private static int size(int... shape) {
    long n = 1;
    for (int s : shape) n *= s;
    if (n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("tensor too large: " + n);
    return (int) n;
  }

  private static long[] longs(int... shape) {
    long[] l = new long[shape.length];
    for (int i = 0; i < shape.length; i++) l[i] = shape[i];
    return l;
  }
}
