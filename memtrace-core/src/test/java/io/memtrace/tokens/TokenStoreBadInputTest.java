package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a store can be malformed fails at open with a {@link BadInputException} naming the
 * file, the byte position and what was expected, so no query can ever see a wrong answer.
 *
 * <p>The base store is u16 with documents of 5, 0 and 3 tokens: the .idx has sizes at bytes 34, 38,
 * 42, pointers at 46, 54, 62, doc_idx {0, 1, 2, 3} at 70, 78, 86, 94, and is 102 bytes long; the
 * .bin is 16 bytes.
 */
class TokenStoreBadInputTest {
  @TempDir Path dir;

  /** Damage done to a valid store's files. */
  interface Damage {
    void apply(Path idx, Path bin) throws IOException;
  }

  static Stream<Arguments> damages() {
    return Stream.of(
        bad("bad magic", (idx, bin) -> put(idx, 3, new byte[] {'X'}), ".idx", "byte 3: bad magic"),
        bad("version", (idx, bin) -> putLong(idx, 9, 2), ".idx", "byte 9: unsupported version 2"),
        bad(
            "float dtype",
            (idx, bin) -> put(idx, 17, new byte[] {7}),
            ".idx",
            "byte 17: dtype code 7 (float32)"),
        bad(
            "unknown dtype",
            (idx, bin) -> put(idx, 17, new byte[] {0}),
            ".idx",
            "byte 17: unknown dtype code 0"),
        bad(
            "cut header",
            (idx, bin) -> truncate(idx, 20),
            ".idx",
            "truncated header: file ends at byte 20"),
        bad(
            "cut arrays",
            (idx, bin) -> truncate(idx, 101),
            ".idx",
            "truncated: file ends at byte 101, expected exactly 102 bytes"),
        bad(
            "trailing bytes",
            (idx, bin) -> append(idx, 8),
            ".idx",
            "8 trailing bytes from byte 102"),
        bad(
            "huge count",
            (idx, bin) -> putLong(idx, 18, 1L << 62),
            ".idx",
            "bytes 18-33: sequence count 4611686018427387904"),
        bad(
            "negative size",
            (idx, bin) -> putInt(idx, 38, -1),
            ".idx",
            "byte 38: size of sequence 1 is -1, expected >= 0"),
        bad(
            "gap between sequences",
            (idx, bin) -> putLong(idx, 62, 12),
            ".idx",
            "byte 62: pointer of sequence 2 is 12, expected 10"),
        bad(
            "first pointer",
            (idx, bin) -> putLong(idx, 46, 2),
            ".idx",
            "byte 46: pointer of sequence 0 is 2, expected 0"),
        bad(
            "long bin",
            (idx, bin) -> append(bin, 2),
            ".bin",
            "file ends at byte 18, expected exactly 16 bytes (8 tokens of 2 bytes"),
        bad(
            "short bin",
            (idx, bin) -> truncate(bin, 14),
            ".bin",
            "file ends at byte 14, expected exactly 16 bytes"),
        bad(
            "doc_idx start",
            (idx, bin) -> putLong(idx, 70, 1),
            ".idx",
            "byte 70: doc_idx[0] is 1, expected 0"),
        bad(
            "doc_idx back",
            (idx, bin) -> putLong(idx, 86, 0),
            ".idx",
            "byte 86: doc_idx[2] is 0, expected a sequence index in [1, 3]"),
        bad(
            "doc_idx past N",
            (idx, bin) -> putLong(idx, 86, 4),
            ".idx",
            "byte 86: doc_idx[2] is 4"),
        bad(
            "doc_idx end",
            (idx, bin) -> putLong(idx, 94, 2),
            ".idx",
            "byte 94: doc_idx ends at 2, expected the sequence count 3"),
        bad(
            "doc_idx empty",
            (idx, bin) -> {
              putLong(idx, 26, 0);
              truncate(idx, 70);
            },
            ".idx",
            "byte 70: doc_idx is empty"),
        bad("no idx", (idx, bin) -> Files.delete(idx), ".idx", "no such file"),
        bad("no bin", (idx, bin) -> Files.delete(bin), ".bin", "no such file"));
  }

  private static Arguments bad(String name, Damage damage, String file, String message) {
    return Arguments.of(name, damage, file, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void damagedStoreFailsAtOpen(String name, Damage damage, String file, String message)
      throws Exception {
    Path prefix = dir.resolve("store");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 1000)) {
      w.add(new int[] {1, 2, 3, 4, 5});
      w.add(new int[0]);
      w.add(new int[] {6, 7, 8});
      w.commit();
    }
    Path idx = dir.resolve("store.idx");
    Path bin = dir.resolve("store.bin");
    assertThat(Files.size(idx)).isEqualTo(102);
    assertThat(Files.size(bin)).isEqualTo(16);
    damage.apply(idx, bin);

    assertThatThrownBy(() -> TokenStore.open(prefix))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(prefix + file + ": ")
        .hasMessageContaining(message);
  }

  private static void put(Path file, long position, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), position);
    }
  }

  private static void putInt(Path file, long position, int value) throws IOException {
    put(
        file,
        position,
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
  }

  private static void putLong(Path file, long position, long value) throws IOException {
    put(
        file,
        position,
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  private static void append(Path file, int bytes) throws IOException {
    Files.write(file, new byte[bytes], StandardOpenOption.APPEND);
  }
}
