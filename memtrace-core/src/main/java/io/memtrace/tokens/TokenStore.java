package io.memtrace.tokens;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A read-only, memory-mapped token store: Megatron's MMapIndexedDataset ({@code P.bin} + {@code
 * P.idx}, see {@link TokenStoreWriter} for the grammar) or a headerless file of fixed-length rows.
 *
 * <p>Positions are global token offsets into the concatenation of all sequences, as {@code long}:
 * stores reach hundreds of GB, so both files are mapped whole as 64-bit {@link MemorySegment}s and
 * nothing is limited to 2 GB. The index arrays are read in place from the mapping.
 *
 * <p>Everything is validated at open, so a store that opens answers every in-range question
 * correctly; arguments out of range throw {@link IndexOutOfBoundsException} with the values.
 *
 * <p>Threading: immutable after open; any number of threads may read concurrently. {@link #close}
 * unmaps the files and must happen after all reads; a read racing with it fails with {@link
 * IllegalStateException}, it never reads freed memory.
 */
public final class TokenStore implements AutoCloseable {
  private final Arena arena;
  private final Path bin;
  private final MemorySegment tokens;
  private final TokenDtype dtype;
  private final SequenceIndex index;
  private final long tokenCount;

  private TokenStore(
      Arena arena, Path bin, MemorySegment tokens, TokenDtype dtype, SequenceIndex index) {
    this.arena = arena;
    this.bin = bin;
    this.tokens = tokens;
    this.dtype = dtype;
    this.index = index;
    this.tokenCount = tokens.byteSize() / dtype.width();
  }

  /**
   * Opens the Megatron store at {@code prefixOrFile}: the prefix {@code P}, {@code P.bin} or {@code
   * P.idx}.
   *
   * @throws BadInputException if a file is missing or the pair is not a valid store; the message
   *     names the file, the byte position and what was expected
   */
  public static TokenStore open(Path prefixOrFile) throws IOException {
    StorePaths paths = StorePaths.of(prefixOrFile);
    Arena arena = Arena.ofShared();
    try {
      MemorySegment idx = map(paths.idx(), arena);
      MemorySegment bin = map(paths.bin(), arena);
      MegatronIndex index = MegatronIndex.read(paths.idx(), idx, paths.bin(), bin.byteSize());
      return new TokenStore(arena, paths.bin(), bin, index.dtype(), index);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  /**
   * Opens a headerless file of rows of {@code rowLength} tokens, each row one sequence and one
   * document, such as Pythia's merged pre-shuffled Pile ({@code rowLength} 2049, {@link
   * TokenDtype#U16}).
   *
   * @throws BadInputException if the file is missing or its length is not a whole number of rows
   */
  public static TokenStore openRows(Path bin, int rowLength, TokenDtype dtype) throws IOException {
    if (rowLength <= 0) {
      throw new IllegalArgumentException("rowLength must be positive, got " + rowLength);
    }
    Objects.requireNonNull(dtype, "dtype");
    Arena arena = Arena.ofShared();
    try {
      MemorySegment segment = map(bin, arena);
      long rowBytes = (long) rowLength * dtype.width();
      long size = segment.byteSize();
      if (size % rowBytes != 0) {
        throw BadInputException.in(
            bin,
            "file is "
                + size
                + " bytes, expected a multiple of "
                + rowBytes
                + " (rows of "
                + rowLength
                + " "
                + dtype
                + " tokens); the last row is cut at byte "
                + (size - size % rowBytes));
      }
      return new TokenStore(arena, bin, segment, dtype, new RowIndex(size / rowBytes, rowLength));
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  private static MemorySegment map(Path file, Arena arena) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
    } catch (NoSuchFileException e) {
      throw BadInputException.in(file, "no such file");
    }
  }

  public TokenDtype dtype() {
    return dtype;
  }

  public long tokenCount() {
    return tokenCount;
  }

  public long sequenceCount() {
    return index.sequenceCount();
  }

  /** Position of the first token of sequence {@code i}. */
  public long sequenceStart(long i) {
    return index.sequenceStart(checkIndex("sequence", i, index.sequenceCount()));
  }

  public int sequenceLength(long i) {
    return index.sequenceLength(checkIndex("sequence", i, index.sequenceCount()));
  }

  public int[] sequence(long i) {
    int[] dst = new int[sequenceLength(i)];
    read(index.sequenceStart(i), dst, 0, dst.length);
    return dst;
  }

  /** Number of documents; in Megatron stores a document may span several sequences. */
  public long documentCount() {
    return index.documentCount();
  }

  /** Position of the first token of document {@code d}. */
  public long documentStart(long d) {
    return index.documentStart(checkIndex("document", d, index.documentCount()));
  }

  /** Position one past the last token of document {@code d}. */
  public long documentEnd(long d) {
    return index.documentEnd(checkIndex("document", d, index.documentCount()));
  }

  public int[] document(long d) {
    return tokens(documentStart(d), index.documentEnd(d));
  }

  public int token(long pos) {
    checkIndex("token position", pos, tokenCount);
    try {
      return dtype.read(tokens, pos * dtype.width());
    } catch (ArithmeticException e) {
      throw tokenBeyondInt(e);
    }
  }

  /** Tokens at positions {@code [from, to)}. */
  public int[] tokens(long from, long to) {
    if (from < 0 || to < from || to > tokenCount) {
      throw new IndexOutOfBoundsException(
          "token range [" + from + ", " + to + ") not within [0, " + tokenCount + ")");
    }
    if (to - from > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "token range [" + from + ", " + to + ") is too long for one array; use read in chunks");
    }
    int[] dst = new int[(int) (to - from)];
    read(from, dst, 0, dst.length);
    return dst;
  }

  /** Copies the {@code len} tokens starting at position {@code from} into {@code dst[off..]}. */
  public void read(long from, int[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (from < 0 || from > tokenCount - len) {
      throw new IndexOutOfBoundsException(
          "token range ["
              + from
              + ", "
              + from
              + " + "
              + len
              + ") not within [0, "
              + tokenCount
              + ")");
    }
    try {
      dtype.read(tokens, from * dtype.width(), dst, off, len);
    } catch (ArithmeticException e) {
      throw tokenBeyondInt(e);
    }
  }

  /**
   * Unmaps the files. Every array returned earlier stays valid; the store itself must not be used
   * afterwards.
   */
  /** The token file, for messages. */
  @Override
  public String toString() {
    return bin.toString();
  }

  @Override
  public void close() {
    arena.close();
  }

  /** An i64 store holding an id no int can hold is bad input, found only when it is read. */
  private UncheckedIOException tokenBeyondInt(ArithmeticException e) {
    return new UncheckedIOException(BadInputException.in(bin, e.getMessage()));
  }

  private static long checkIndex(String what, long i, long count) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException(what + " " + i + " not in [0, " + count + ")");
    }
    return i;
  }
}
