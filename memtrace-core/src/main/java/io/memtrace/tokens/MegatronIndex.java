package io.memtrace.tokens;

import static io.memtrace.tokens.TokenDtype.LE_INT;
import static io.memtrace.tokens.TokenDtype.LE_LONG;

import io.memtrace.BadInputException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The sequence and document layout described by a Megatron {@code .idx} file (grammar in {@link
 * TokenStoreWriter}). The three arrays are read in place from the mapped file, never copied, so an
 * index of the Pile's 146M sequences costs address space, not heap.
 */
final class MegatronIndex implements SequenceIndex {
  private final MemorySegment idx;
  private final TokenDtype dtype;
  private final long sequences;
  private final long docIdxLength;
  private final long tokenCount;
  private final long pointersAt;
  private final long docIdxAt;

  private MegatronIndex(
      MemorySegment idx, TokenDtype dtype, long sequences, long docIdxLength, long tokenCount) {
    this.idx = idx;
    this.dtype = dtype;
    this.sequences = sequences;
    this.docIdxLength = docIdxLength;
    this.tokenCount = tokenCount;
    this.pointersAt = TokenStoreWriter.HEADER_BYTES + 4 * sequences;
    this.docIdxAt = pointersAt + 8 * sequences;
  }

  /**
   * Parses and fully validates the index in {@code idx}, the mapped contents of {@code idxFile},
   * against the length of {@code binFile}; one streaming pass over the arrays.
   *
   * @throws BadInputException naming the file, the byte position and what was expected, for any
   *     index Megatron's builder could not have written or that does not match the {@code .bin}
   */
  static MegatronIndex read(Path idxFile, MemorySegment idx, Path binFile, long binBytes)
      throws BadInputException {
    long size = idx.byteSize();
    if (size < TokenStoreWriter.HEADER_BYTES) {
      throw BadInputException.in(
          idxFile,
          "truncated header: file ends at byte "
              + size
              + ", expected at least "
              + TokenStoreWriter.HEADER_BYTES
              + " header bytes");
    }
    byte[] magic = TokenStoreWriter.MAGIC;
    for (int i = 0; i < magic.length; i++) {
      if (idx.get(ValueLayout.JAVA_BYTE, i) != magic[i]) {
        throw BadInputException.in(
            idxFile, "byte " + i + ": bad magic, expected MMIDIDX\\0\\0 (a Megatron .idx file)");
      }
    }
    long version = idx.get(LE_LONG, 9);
    if (version != TokenStoreWriter.VERSION) {
      throw BadInputException.in(
          idxFile,
          "byte 9: unsupported version "
              + Long.toUnsignedString(version)
              + ", expected "
              + TokenStoreWriter.VERSION);
    }
    TokenDtype dtype =
        TokenDtype.ofCode(Byte.toUnsignedInt(idx.get(ValueLayout.JAVA_BYTE, 17)), idxFile, 17);
    long n = idx.get(LE_LONG, 18);
    long m = idx.get(LE_LONG, 26);
    long maxEntries = (Long.MAX_VALUE - TokenStoreWriter.HEADER_BYTES) / 24;
    if (n < 0 || n > maxEntries || m < 0 || m > maxEntries) {
      throw BadInputException.in(
          idxFile,
          "bytes 18-33: sequence count "
              + Long.toUnsignedString(n)
              + " and doc_idx length "
              + Long.toUnsignedString(m)
              + " imply an index beyond 2^63 bytes, expected counts that fit the file");
    }
    long expected = TokenStoreWriter.HEADER_BYTES + 12 * n + 8 * m;
    if (size != expected) {
      String where =
          size < expected
              ? "truncated: file ends at byte " + size
              : (size - expected) + " trailing bytes from byte " + expected;
      throw BadInputException.in(
          idxFile,
          where
              + ", expected exactly "
              + expected
              + " bytes for "
              + n
              + " sequences and "
              + m
              + " doc_idx entries");
    }
    long tokens = checkSizesAndPointers(idxFile, idx, dtype, n);
    long binExpected = tokens * dtype.width();
    if (binBytes != binExpected) {
      throw BadInputException.in(
          binFile,
          "file ends at byte "
              + binBytes
              + ", expected exactly "
              + binExpected
              + " bytes ("
              + tokens
              + " tokens of "
              + dtype.width()
              + " bytes, as "
              + idxFile
              + " says)");
    }
    checkDocIdx(idxFile, idx, n, m);
    return new MegatronIndex(idx, dtype, n, m, tokens);
  }

  /** Checks sizes are non-negative and pointers contiguous; returns the total token count. */
  private static long checkSizesAndPointers(
      Path idxFile, MemorySegment idx, TokenDtype dtype, long sequences) throws BadInputException {
    long width = dtype.width();
    long pointersAt = TokenStoreWriter.HEADER_BYTES + 4 * sequences;
    long tokens = 0;
    for (long i = 0; i < sequences; i++) {
      long sizeAt = TokenStoreWriter.HEADER_BYTES + 4 * i;
      int length = idx.get(LE_INT, sizeAt);
      if (length < 0) {
        throw BadInputException.in(
            idxFile,
            "byte " + sizeAt + ": size of sequence " + i + " is " + length + ", expected >= 0");
      }
      long pointerAt = pointersAt + 8 * i;
      long pointer = idx.get(LE_LONG, pointerAt);
      if (pointer != tokens * width) {
        throw BadInputException.in(
            idxFile,
            "byte "
                + pointerAt
                + ": pointer of sequence "
                + i
                + " is "
                + pointer
                + ", expected "
                + tokens * width
                + " (sequences stored back to back)");
      }
      tokens += length;
    }
    return tokens;
  }

  /** Checks doc_idx runs from 0 to the sequence count without going back. */
  private static void checkDocIdx(
      Path idxFile, MemorySegment idx, long sequences, long docIdxLength) throws BadInputException {
    long docIdxAt = TokenStoreWriter.HEADER_BYTES + 12 * sequences;
    if (docIdxLength == 0) {
      throw BadInputException.in(
          idxFile, "byte " + docIdxAt + ": doc_idx is empty, expected it to start with 0");
    }
    long previous = 0;
    for (long d = 0; d < docIdxLength; d++) {
      long at = docIdxAt + 8 * d;
      long first = idx.get(LE_LONG, at);
      boolean ok = d == 0 ? first == 0 : first >= previous && first <= sequences;
      if (!ok) {
        String expected =
            d == 0 ? "0" : "a sequence index in [" + previous + ", " + sequences + "]";
        throw BadInputException.in(
            idxFile, "byte " + at + ": doc_idx[" + d + "] is " + first + ", expected " + expected);
      }
      previous = first;
    }
    if (previous != sequences) {
      throw BadInputException.in(
          idxFile,
          "byte "
              + (docIdxAt + 8 * (docIdxLength - 1))
              + ": doc_idx ends at "
              + previous
              + ", expected the sequence count "
              + sequences);
    }
  }

  TokenDtype dtype() {
    return dtype;
  }

  long tokenCount() {
    return tokenCount;
  }

  @Override
  public long sequenceCount() {
    return sequences;
  }

  @Override
  public long sequenceStart(long i) {
    return idx.get(LE_LONG, pointersAt + 8 * i) / dtype.width();
  }

  @Override
  public int sequenceLength(long i) {
    return idx.get(LE_INT, TokenStoreWriter.HEADER_BYTES + 4 * i);
  }

  @Override
  public long documentCount() {
    return docIdxLength - 1;
  }

  @Override
  public long documentStart(long d) {
    return positionOfSequence(idx.get(LE_LONG, docIdxAt + 8 * d));
  }

  @Override
  public long documentEnd(long d) {
    return positionOfSequence(idx.get(LE_LONG, docIdxAt + 8 * (d + 1)));
  }

  /** Start of sequence {@code i}, or the end of the stream for the sentinel {@code i == N}. */
  private long positionOfSequence(long i) {
    return i == sequences ? tokenCount : sequenceStart(i);
  }
}
