package io.memtrace.tokens;

import io.memtrace.BadInputException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The integer element types a Megatron {@code .bin} may hold, with the codes its {@code .idx}
 * header uses for them. Every type is read as a Java {@code int} token id; Megatron's float codes
 * (6 float64, 7 float32) exist in the format but never hold token ids, so they are rejected.
 */
public enum TokenDtype {
  U8(1, 1, false),
  I8(2, 1, true),
  I16(3, 2, true),
  I32(4, 4, true),
  I64(5, 8, true),
  U16(8, 2, false);

  static final ValueLayout.OfShort LE_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfInt LE_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong LE_LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** Elements widened per bulk copy; bounds the scratch array a bulk read allocates. */
  private static final int CHUNK = 8192;

  private final int code;
  private final int width;
  private final boolean signed;

  TokenDtype(int code, int width, boolean signed) {
    this.code = code;
    this.width = width;
    this.signed = signed;
  }

  /** The code of this type in a Megatron {@code .idx} header. */
  public int code() {
    return code;
  }

  /** Bytes per token. */
  public int width() {
    return width;
  }

  public boolean signed() {
    return signed;
  }

  /**
   * The type for a header code read at byte {@code position} of {@code idx}.
   *
   * @throws BadInputException for the float codes and for codes the format does not define
   */
  public static TokenDtype ofCode(int code, Path idx, long position) throws BadInputException {
    for (TokenDtype t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    String what =
        switch (code) {
          case 6 -> "dtype code 6 (float64) is not a token type";
          case 7 -> "dtype code 7 (float32) is not a token type";
          default -> "unknown dtype code " + code;
        };
    throw BadInputException.in(
        idx,
        "byte "
            + position
            + ": "
            + what
            + ", expected one of 1 (u8), 2 (i8), 3 (i16), 4 (i32), 5 (i64), 8 (u16)");
  }

  /**
   * The token at byte {@code offset} of {@code segment}.
   *
   * @throws ArithmeticException if an i64 token does not fit in an int
   */
  public int read(MemorySegment segment, long offset) {
    return switch (this) {
      case U8 -> Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, offset));
      case I8 -> segment.get(ValueLayout.JAVA_BYTE, offset);
      case I16 -> segment.get(LE_SHORT, offset);
      case U16 -> Short.toUnsignedInt(segment.get(LE_SHORT, offset));
      case I32 -> segment.get(LE_INT, offset);
      case I64 -> narrow(segment.get(LE_LONG, offset), offset);
    };
  }

  /**
   * Reads {@code len} tokens starting at byte {@code offset} into {@code dst[off..off+len)}: a bulk
   * copy out of the segment, then one widening loop, so large reads cost a memcpy, not a call per
   * token.
   *
   * @throws ArithmeticException if an i64 token does not fit in an int
   */
  void read(MemorySegment segment, long offset, int[] dst, int off, int len) {
    switch (this) {
      case I32 -> MemorySegment.copy(segment, LE_INT, offset, dst, off, len);
      case U8 -> readBytes(segment, offset, dst, off, len, 0xFF);
      case I8 -> readBytes(segment, offset, dst, off, len, -1);
      case U16 -> readShorts(segment, offset, dst, off, len, 0xFFFF);
      case I16 -> readShorts(segment, offset, dst, off, len, -1);
      case I64 -> readLongs(segment, offset, dst, off, len);
    }
  }

  private static void readBytes(
      MemorySegment segment, long offset, int[] dst, int off, int len, int mask) {
    byte[] b = new byte[Math.min(len, CHUNK)];
    for (int done = 0; done < len; done += b.length) {
      int n = Math.min(b.length, len - done);
      MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset + done, b, 0, n);
      for (int k = 0; k < n; k++) {
        dst[off + done + k] = b[k] & mask;
      }
    }
  }

  private static void readShorts(
      MemorySegment segment, long offset, int[] dst, int off, int len, int mask) {
    short[] s = new short[Math.min(len, CHUNK)];
    for (int done = 0; done < len; done += s.length) {
      int n = Math.min(s.length, len - done);
      MemorySegment.copy(segment, LE_SHORT, offset + 2L * done, s, 0, n);
      for (int k = 0; k < n; k++) {
        dst[off + done + k] = s[k] & mask;
      }
    }
  }

  private static void readLongs(MemorySegment segment, long offset, int[] dst, int off, int len) {
    long[] l = new long[Math.min(len, CHUNK)];
    for (int done = 0; done < len; done += l.length) {
      int n = Math.min(l.length, len - done);
      MemorySegment.copy(segment, LE_LONG, offset + 8L * done, l, 0, n);
      for (int k = 0; k < n; k++) {
        dst[off + done + k] = narrow(l[k], offset + 8L * (done + k));
      }
    }
  }

  private static int narrow(long token, long offset) {
    if (token != (int) token) {
      throw new ArithmeticException(
          "i64 token " + token + " at byte " + offset + " does not fit in an int token id");
    }
    return (int) token;
  }
}
