package io.memtrace.tokens;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-written Megatron {@code .idx} files, for layouts the writer does not produce. */
final class IdxFiles {
  private IdxFiles() {}

  static void write(Path idx, int dtypeCode, int[] sizes, long[] pointers, long[] docIdx)
      throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(34 + 4 * sizes.length + 8 * pointers.length + 8 * docIdx.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put("MMIDIDX\0\0".getBytes(StandardCharsets.US_ASCII));
    b.putLong(1).put((byte) dtypeCode).putLong(sizes.length).putLong(docIdx.length);
    for (int s : sizes) {
      b.putInt(s);
    }
    for (long p : pointers) {
      b.putLong(p);
    }
    for (long d : docIdx) {
      b.putLong(d);
    }
    Files.write(idx, b.array());
  }

  /** Pointers of back-to-back sequences of {@code sizes} tokens of {@code width} bytes. */
  static long[] pointers(int[] sizes, int width) {
    long[] p = new long[sizes.length];
    for (int i = 1; i < sizes.length; i++) {
      p[i] = p[i - 1] + (long) sizes[i - 1] * width;
    }
    return p;
  }
}
