package io.memtrace.memorization;

import java.util.zip.Deflater;

/**
 * How compressible a token sequence is: zlib-compressed bytes over raw bytes of its ids (4 bytes
 * each, little endian, zlib's default level). Templates and repeats compress well; a sequence of
 * rare tokens hardly does. Ids rather than text so the measure needs no tokenizer.
 */
public final class Compressibility {
  private Compressibility() {}

  public static double zlibRatio(int[] tokens) {
    byte[] raw = new byte[4 * tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      for (int b = 0; b < 4; b++) raw[4 * i + b] = (byte) (tokens[i] >>> (8 * b));
    }
    return (double) zlibBytes(raw) / raw.length;
  }

  /** The byte length of {@code raw} compressed by zlib at its default level. */
  public static long zlibBytes(byte[] raw) {
    Deflater deflater = new Deflater();
    try {
      deflater.setInput(raw);
      deflater.finish();
      byte[] buffer = new byte[4096];
      long bytes = 0;
      while (!deflater.finished()) bytes += deflater.deflate(buffer);
      return bytes;
    } finally {
      deflater.end();
    }
  }
}
