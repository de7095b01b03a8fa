package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sparse .bin past 4 GB (and past 2^31 tokens) with a hand-written .idx: offsets are 64-bit all
 * the way through, from the index pointers to the mapped segment.
 */
class TokenStoreLargeFileTest {
  @TempDir Path dir;

  @Test
  void readsTokensWrittenNearTheEndOfAFileBeyond4Gb() throws Exception {
    int[] sizes = {1_000_000_000, 1_000_000_000, 300_000_000};
    long tokenCount = 2_300_000_000L;
    Path prefix = dir.resolve("big");
    try (RandomAccessFile bin = new RandomAccessFile(prefix + ".bin", "rw")) {
      bin.setLength(tokenCount * 2);
      bin.seek(4_000_000_000L);
      bin.write(new byte[] {0x34, 0x12, (byte) 0xFF, (byte) 0xFF});
      bin.seek(tokenCount * 2 - 6);
      bin.write(new byte[] {1, 0, 2, 0, 3, (byte) 0x80});
    }
    IdxFiles.write(
        Path.of(prefix + ".idx"), 8, sizes, IdxFiles.pointers(sizes, 2), new long[] {0, 1, 3});

    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.tokenCount()).isEqualTo(tokenCount);
      assertThat(store.sequenceStart(2)).isEqualTo(2_000_000_000L);
      assertThat(store.documentStart(1)).isEqualTo(1_000_000_000L);
      assertThat(store.documentEnd(1)).isEqualTo(tokenCount);
      assertThat(store.tokens(2_000_000_000L, 2_000_000_003L)).containsExactly(0x1234, 0xFFFF, 0);
      assertThat(store.token(tokenCount - 1)).isEqualTo(0x8003);
      assertThat(store.tokens(tokenCount - 4, tokenCount)).containsExactly(0, 1, 2, 0x8003);
      int[] dst = new int[3];
      store.read(tokenCount - 3, dst, 0, 3);
      assertThat(dst).containsExactly(1, 2, 0x8003);
    }
  }
}
