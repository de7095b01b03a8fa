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
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query over a suffix array with one changed entry fails with an error naming the file, never
 * answers from the changed entry: the block CRCs catch any change, the bounds check an entry beyond
 * the shard even where the CRC was rewritten to match. The index is opened checking blocks on first
 * read only, as for large files; a small index has every block checked at open.
 */
class CorruptedIndexQueryTest {
  @TempDir Path dir;

  /** 40 documents [1 2 1 2 3 1]: suffixes by first token 1: 120, 2: 80, 3: 40, separators: 40. */
  private static final int[] DOC = {1, 2, 1, 2, 3, 1};

  private static final int DOCS = 40;
  private static final int LENGTH = DOCS * (DOC.length + 1);

  private Path index;
  private Path sa;

  @BeforeEach
  void build() throws IOException {
    Path prefix = dir.resolve("s");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, 10)) {
      for (int d = 0; d < DOCS; d++) w.add(DOC);
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
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThat(reader.count(new int[] {2})).isEqualTo(80);
      assertThat(reader.shards().getFirst().pointerWidth()).isEqualTo(2);
    }
  }

  /**
   * Rank {@code LENGTH / 2} is the first probe of every search and lies in the run of [2] (ranks
   * 120 to 199); pointing it at a separator makes the search end the run there: 20 instead of 80.
   */
  @Test
  void aChangedEntryFailsTheQueryInsteadOfChangingItsAnswer() throws IOException {
    int rank = LENGTH / 2;
    putEntry(rank, DOC.length);
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThatThrownBy(() -> reader.count(new int[] {2}))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(sa + ": checksum mismatch in block 0")
          .hasMessageContaining("the file is corrupted");
    }
    rewriteBlockCrcs();
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThat(reader.count(new int[] {2})).as("the answer without the block CRC").isEqualTo(20);
    }
  }

  @Test
  void aSmallIndexHasEveryBlockCheckedAtOpen() throws IOException {
    putEntry(LENGTH - 1, 0);
    assertThatThrownBy(() -> IndexReader.open(index))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(sa + ": checksum mismatch in block 0");
  }

  @Test
  void anEntryBeyondTheShardIsNamedWithItsFileAndRank() throws IOException {
    int rank = 7;
    putEntry(rank, 0xFFFF);
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThatThrownBy(() -> reader.count(new int[] {1, 2}))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining(sa.toString())
          .hasMessageContaining("checksum mismatch in block 0");
    }
    rewriteBlockCrcs();
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThatThrownBy(
              () -> {
                for (int r = 0; r < LENGTH; r++) reader.shards().getFirst().suffix(r);
              })
          .hasCauseInstanceOf(BadInputException.class)
          .hasMessageContaining(sa.toString())
          .hasMessageContaining(
              "suffix-array entry 7 (body byte 14) holds position 65535, beyond the shard's "
                  + LENGTH);
      // The first probe of every search, rank LENGTH / 2, reads it when it is there.
      putEntry(LENGTH / 2, 0xFFFF);
      rewriteBlockCrcs();
      assertThatThrownBy(() -> reader.count(new int[] {3}))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(sa + ": suffix-array entry " + LENGTH / 2);
    }
  }

  @Test
  void aCorruptedTokenFailsTheQueryThatReadsIt() throws IOException {
    Path tokens = ShardWriter.tokensFile(index, 0);
    try (RandomAccessFile f = new RandomAccessFile(tokens.toFile(), "rw")) {
      f.seek(IndexFile.headerBytes(ShardWriter.TOKENS_FORMAT) + 2);
      f.write(3);
    }
    try (IndexReader reader = IndexReader.open(index, 0)) {
      assertThatThrownBy(() -> reader.count(new int[] {2}))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(tokens + ": checksum mismatch in block 0");
    }
  }

  private void putEntry(int rank, int value) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(sa.toFile(), "rw")) {
      f.seek(IndexFile.headerBytes(ShardWriter.SUFFIXES_FORMAT) + 2L * rank);
      f.write(value & 0xFF);
      f.write(value >>> 8);
    }
  }

  /** Writes the CRC of the changed body as the suffix file's one block CRC, as a forger would. */
  private void rewriteBlockCrcs() throws IOException {
    int header = IndexFile.headerBytes(ShardWriter.SUFFIXES_FORMAT);
    int body = 2 * LENGTH;
    try (RandomAccessFile f = new RandomAccessFile(sa.toFile(), "rw")) {
      byte[] bytes = new byte[body];
      f.seek(header);
      f.readFully(bytes);
      CRC32 crc = new CRC32();
      crc.update(bytes);
      int value = (int) crc.getValue();
      f.seek(header + body);
      for (int i = 0; i < 4; i++) f.write(value >>> 8 * i);
    }
  }
}
