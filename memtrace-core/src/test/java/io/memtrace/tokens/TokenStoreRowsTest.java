package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Headerless fixed-row files, the layout of Pythia's merged pre-shuffled Pile. */
class TokenStoreRowsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void eachRowIsOneSequenceAndOneDocument(long seed) throws Exception {
    Random random = new Random(seed);
    int rowLength = 1 + random.nextInt(2049);
    int rows = random.nextInt(20);
    int[][] truth = new int[rows][rowLength];
    ByteBuffer bytes = ByteBuffer.allocate(rows * rowLength * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int[] row : truth) {
      for (int k = 0; k < rowLength; k++) {
        row[k] = random.nextInt(1 << 16);
        bytes.putShort((short) row[k]);
      }
    }
    Path bin = dir.resolve("pile.bin");
    Files.write(bin, bytes.array());

    try (TokenStore store = TokenStore.openRows(bin, rowLength, TokenDtype.U16)) {
      assertThat(store.tokenCount()).isEqualTo((long) rows * rowLength);
      assertThat(store.sequenceCount()).isEqualTo(rows);
      assertThat(store.documentCount()).isEqualTo(rows);
      for (int i = 0; i < rows; i++) {
        assertThat(store.sequence(i)).isEqualTo(truth[i]);
        assertThat(store.document(i)).isEqualTo(truth[i]);
        assertThat(store.sequenceStart(i)).isEqualTo((long) i * rowLength);
        assertThat(store.documentEnd(i)).isEqualTo((long) (i + 1) * rowLength);
        assertThat(store.sequenceLength(i)).isEqualTo(rowLength);
      }
      assertThatThrownBy(() -> store.sequence(rows)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void aPartialRowIsBadInputNamingFileSizeAndExpectation() throws Exception {
    Path bin = dir.resolve("cut.bin");
    Files.write(bin, new byte[2 * 2049 * 3 + 10]);
    assertThatThrownBy(() -> TokenStore.openRows(bin, 2049, TokenDtype.U16))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(bin + ": ")
        .hasMessageContaining("file is 12304 bytes")
        .hasMessageContaining("multiple of 4098")
        .hasMessageContaining("byte 12294");
  }

  @Test
  void aMissingFileIsBadInput() {
    Path bin = dir.resolve("absent.bin");
    assertThatThrownBy(() -> TokenStore.openRows(bin, 2049, TokenDtype.U16))
        .isInstanceOf(BadInputException.class)
        .hasMessage(bin + ": no such file");
  }
}
