package io.memtrace.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code index verify} checks every block CRC of every file, not only each file's checksum, and
 * names the file and its corrupted blocks.
 */
class IndexVerifyTest {
  @TempDir Path dir;

  private Path index;
  private Path sa;
  private int header;
  private int blocks;

  /** 20,000 documents of 6 tokens: a suffix file of 140,000 entries of 3 bytes, 7 blocks. */
  @BeforeEach
  void build() throws IOException {
    Path prefix = dir.resolve("s");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 10)) {
      for (int d = 0; d < 20_000; d++) w.add(new int[] {1, 2, d % 7, 2, 3, 1});
      w.commit();
    }
    index = dir.resolve("index");
    try (TokenStore s = TokenStore.open(prefix)) {
      IndexWriter.build(
          s,
          StoreMetadata.readIfPresent(prefix),
          index,
          new IndexWriter.Options(1L << 30, 1),
          Progress.NONE);
    }
    sa = ShardWriter.suffixesFile(index, 0);
    header = IndexFile.headerBytes(ShardWriter.SUFFIXES_FORMAT);
    try (IndexReader reader = IndexReader.open(index, 0)) {
      reader.verify(Progress.NONE);
      Shard shard = reader.shards().getFirst();
      blocks = IndexFile.blocks((long) shard.length() * shard.pointerWidth());
    }
    assertThat(blocks).isEqualTo(7);
  }

  @Test
  void everyCorruptedBlockIsNamedWithItsFile() throws IOException {
    flip(header + 2L * IndexFile.BLOCK_BYTES + 5);
    flip(header + 5L * IndexFile.BLOCK_BYTES + 70);
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThatThrownBy(() -> reader.verify(Progress.NONE))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(
              sa + ": checksum mismatch in block 2 (body bytes 131072 to 196608")
          .hasMessageContaining("and in 1 more of its 7 blocks (5): the file is corrupted");
    }
    assertThatThrownBy(() -> IndexReader.open(index))
        .as("checked at open, as a file under the eager limit")
        .hasMessageStartingWith(sa + ": checksum mismatch in block 2 (")
        .hasMessageContaining("(5)");
  }

  /** A block that disagrees with its CRC fails verify even where the file checksum agrees. */
  @Test
  void aBlockIsCheckedEvenWhereTheFileChecksumWasRewritten() throws IOException {
    flip(header + 6L * IndexFile.BLOCK_BYTES + 1);
    rewriteFileChecksum();
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThatThrownBy(() -> reader.verify(Progress.NONE))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(sa + ": checksum mismatch in block 6 (")
          .hasMessageNotContaining("more of its");
    }
  }

  @Test
  void aChangedBlockCrcIsNamedAsItsBlock() throws IOException {
    long crcs = Files.size(sa) - IndexFile.FOOTER_BYTES - 4L * blocks;
    flip(crcs + 4L * 3);
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThatThrownBy(() -> reader.verify(Progress.NONE))
          .hasMessageStartingWith(sa + ": checksum mismatch in block 3 (");
    }
  }

  @Test
  void aCorruptedLcpFileIsNamedByVerifyAndCountsStillCheckIt() throws IOException {
    LcpFiles.add(index, Progress.NONE);
    Path lcp = ShardWriter.lcpFile(index, 0);
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThat(reader.hasLcp()).isTrue();
      reader.verify(Progress.NONE);
    }
    flip(lcp, IndexFile.headerBytes(ShardWriter.LCP_FORMAT) + IndexFile.BLOCK_BYTES + 9);
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThatThrownBy(() -> reader.verify(Progress.NONE))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(lcp + ": checksum mismatch in block 1 (");
    }
  }

  private void flip(long at) throws IOException {
    flip(sa, at);
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x10);
    }
  }

  /** Sets the footer's checksum to that of the file as it now is, as a forger would. */
  private void rewriteFileChecksum() throws IOException {
    byte[] bytes = Files.readAllBytes(sa);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    try (RandomAccessFile f = new RandomAccessFile(sa.toFile(), "rw")) {
      f.seek(bytes.length - 8);
      long value = crc.getValue();
      for (int i = 0; i < 8; i++) f.write((int) (value >>> 8 * i));
    }
  }
}
