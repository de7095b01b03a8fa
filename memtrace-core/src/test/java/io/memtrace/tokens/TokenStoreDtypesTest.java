package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Megatron stores of the token types the writer never picks, written by hand. */
class TokenStoreDtypesTest {
  @TempDir Path dir;

  private Path store(TokenDtype dtype, long[] tokens, int[] sizes, long[] docIdx) throws Exception {
    Path prefix = dir.resolve(dtype.name());
    ByteBuffer b =
        ByteBuffer.allocate(tokens.length * dtype.width()).order(ByteOrder.LITTLE_ENDIAN);
    for (long t : tokens) {
      switch (dtype.width()) {
        case 1 -> b.put((byte) t);
        case 2 -> b.putShort((short) t);
        case 4 -> b.putInt((int) t);
        default -> b.putLong(t);
      }
    }
    Files.write(Path.of(prefix + ".bin"), b.array());
    IdxFiles.write(
        Path.of(prefix + ".idx"),
        dtype.code(),
        sizes,
        IdxFiles.pointers(sizes, dtype.width()),
        docIdx);
    return prefix;
  }

  @ParameterizedTest
  @EnumSource(TokenDtype.class)
  void readsEveryIntegerTypeWithItsSignedness(TokenDtype dtype) throws Exception {
    long max =
        switch (dtype) {
          case U8 -> 255;
          case I8 -> 127;
          case I16 -> 32767;
          case U16 -> 65535;
          case I32, I64 -> Integer.MAX_VALUE;
        };
    long min = dtype.signed() ? -max - 1 : 0;
    long[] tokens = {0, 1, max, min, 7};
    Path prefix = store(dtype, tokens, new int[] {2, 0, 3}, new long[] {0, 2, 3});
    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.dtype()).isEqualTo(dtype);
      assertThat(store.tokens(0, 5)).containsExactly(0, 1, (int) max, (int) min, 7);
      assertThat(store.document(0)).containsExactly(0, 1);
      assertThat(store.document(1)).containsExactly((int) max, (int) min, 7);
      assertThat(store.sequence(1)).isEmpty();
    }
  }

  @Test
  void anI64IdBeyondIntRangeIsBadInputWhenRead() throws Exception {
    Path prefix = store(TokenDtype.I64, new long[] {5, 1L << 33}, new int[] {2}, new long[] {0, 1});
    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.token(0)).isEqualTo(5);
      String message = prefix + ".bin: i64 token 8589934592 at byte 8";
      assertThatThrownBy(() -> store.token(1))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(BadInputException.class)
          .hasMessageContaining(message);
      assertThatThrownBy(() -> store.document(0))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(message);
    }
  }
}
