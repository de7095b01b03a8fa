package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenDtypeTest {
  private static final Path IDX = Path.of("corpus.idx");

  @Test
  void codesAndWidthsAreMegatrons() throws BadInputException {
    int[][] codeWidth = {{1, 1}, {2, 1}, {3, 2}, {4, 4}, {5, 8}, {8, 2}};
    for (int[] cw : codeWidth) {
      TokenDtype t = TokenDtype.ofCode(cw[0], IDX, 17);
      assertThat(t.code()).isEqualTo(cw[0]);
      assertThat(t.width()).isEqualTo(cw[1]);
    }
    assertThat(TokenDtype.U16.signed()).isFalse();
    assertThat(TokenDtype.I16.signed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 6, 7, 9, 255})
  void rejectsFloatAndUnknownCodesNamingFileAndPosition(int code) {
    assertThatThrownBy(() -> TokenDtype.ofCode(code, IDX, 17))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("corpus.idx: byte 17: ")
        .hasMessageContaining(String.valueOf(code))
        .hasMessageContaining(code == 6 || code == 7 ? "not a token type" : "unknown dtype code");
  }

  @Test
  void readsEachTypeLittleEndianWithItsSignedness() {
    MemorySegment s =
        MemorySegment.ofArray(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, 0, 0, 0, 0, 0});
    assertThat(TokenDtype.U8.read(s, 0)).isEqualTo(0xFE);
    assertThat(TokenDtype.I8.read(s, 0)).isEqualTo(-2);
    assertThat(TokenDtype.U16.read(s, 0)).isEqualTo(0xFFFE);
    assertThat(TokenDtype.I16.read(s, 0)).isEqualTo(-2);
    assertThat(TokenDtype.I32.read(s, 0)).isEqualTo(0xFFFE);
    assertThat(TokenDtype.I64.read(s, 0)).isEqualTo(0xFFFE);
  }

  /** The bulk path must agree with the single-token path, across chunk boundaries. */
  @ParameterizedTest
  @EnumSource(TokenDtype.class)
  void bulkReadMatchesSingleReads(TokenDtype t) {
    Random random = new Random(t.code());
    int count = 20_000;
    ByteBuffer bytes = ByteBuffer.allocate(count * t.width()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      int v = random.nextInt();
      switch (t.width()) {
        case 1 -> bytes.put((byte) v);
        case 2 -> bytes.putShort((short) v);
        case 4 -> bytes.putInt(v);
        default -> bytes.putLong(v);
      }
    }
    MemorySegment s = MemorySegment.ofArray(bytes.array());
    int from = 3;
    int len = count - 10;
    int[] dst = new int[len + 5];
    t.read(s, (long) from * t.width(), dst, 5, len);
    for (int k = 0; k < len; k++) {
      assertThat(dst[5 + k]).isEqualTo(t.read(s, (long) (from + k) * t.width()));
    }
  }

  @Test
  void i64TokensBeyondIntRangeAreAnError() {
    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(7).putLong(1L << 40);
    MemorySegment s = MemorySegment.ofArray(bytes.array());
    assertThat(TokenDtype.I64.read(s, 0)).isEqualTo(7);
    assertThatThrownBy(() -> TokenDtype.I64.read(s, 8))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("1099511627776")
        .hasMessageContaining("byte 8");
    assertThatThrownBy(() -> TokenDtype.I64.read(s, 0, new int[2], 0, 2))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("byte 8");
  }
}
