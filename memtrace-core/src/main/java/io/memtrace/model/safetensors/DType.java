package io.memtrace.model.safetensors;

import java.util.Locale;
import java.util.Optional;

/**
 * Element types of the safetensors format, named as in its header. The model engine computes with
 * {@link #F32}, {@link #F16} and {@link #BF16} weights; the other types are read so that files
 * carrying integer buffers or masks beside the weights (as some Pythia checkpoints do) open.
 */
public enum DType {
  BOOL(1),
  U8(1),
  I8(1),
  F8_E5M2(1),
  F8_E4M3(1),
  I16(2),
  U16(2),
  F16(2),
  BF16(2),
  I32(4),
  U32(4),
  F32(4),
  F64(8),
  I64(8),
  U64(8);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** Whether the engine computes with weights of this type. */
  public boolean isFloatWeight() {
    return this == F32 || this == F16 || this == BF16;
  }

  /** The type a header names, if it is one of the safetensors types. */
  public static Optional<DType> parse(String name) {
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
