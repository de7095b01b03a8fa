package io.memtrace.index;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes one shard, self-contained: its tokens, its suffix array and its document table, each in
 * the {@link IndexFile} frame with the index's id.
 *
 * <pre>
 * shard-NNNNN.tokens := Header("memtrace-index-tokens", 2) Tokens Footer
 *   Tokens   := u16[Length] if TokenWidth = 2, u32[Length] if 4: the shard's documents in order,
 *               each followed by the separator V (the vocabulary size)
 * shard-NNNNN.sa     := Header("memtrace-index-suffixes", 2) Pointers Footer
 *   Pointers := uW[Length], W = PointerWidth, the fewest bytes that hold Length - 1:
 *               Pointers[r] = where in Tokens the r-th smallest suffix starts
 * shard-NNNNN.docs   := Header("memtrace-index-documents", 2) Documents Footer
 *   Documents := FirstDocument u64, DocumentCount u32, Length u32, VocabSize u32,
 *                TokenWidth u8, PointerWidth u8, Starts
 *   Starts   := u32[DocumentCount + 1]; Starts[0] = 0, Starts[DocumentCount] = Length;
 *               document FirstDocument + i is Tokens[Starts[i], Starts[i+1] - 1)
 * shard-NNNNN.lcp    := Header("memtrace-index-lcp", 1) Entries Footer        (optional)
 *   Entries  := Entry[Length];  Entry := Lcp u8, Next uT (T = TokenWidth)
 *   Lcp      := min(L(r), 255), L(r) = symbols the suffix Pointers[r] shares with the suffix
 *               Pointers[r - 1] (L(0) = 0); 255 stands for 255 or more
 *   Next     := Tokens[Pointers[r] + Lcp], where suffix r first differs from suffix r - 1 when
 *               L(r) &lt; 255 (V past the end of Tokens)
 * </pre>
 *
 * <p>The LCP file is written by {@code index build --lcp} or added later ({@link LcpFiles}); an
 * index without it answers every query the same, counting by binary search in the sampled block
 * instead of scanning it, and cannot count windows ({@link WindowCounts}).
 *
 * <p>Suffixes compare token by token; the separator is larger than every token, so the suffixes
 * that match an n-gram form one contiguous run of Pointers, and no match crosses a separator.
 */
final class ShardWriter {
  static final String TOKENS_FORMAT = "memtrace-index-tokens";
  static final String SUFFIXES_FORMAT = "memtrace-index-suffixes";
  static final String DOCUMENTS_FORMAT = "memtrace-index-documents";
  static final String LCP_FORMAT = "memtrace-index-lcp";

  /** Version 1 of the LCP file, the first. */
  static final int LCP_VERSION = 1;

  /** The largest LCP an entry holds; larger ones are stored as this. */
  static final int LCP_CAP = 255;

  /** Version 2: the frame's block CRCs (see {@link IndexFile}); version 1 files are refused. */
  static final int VERSION_START = 2;

  static final int VERSION_CURRENT = 2;

  /** Bytes of the fixed fields of a documents body, before Starts. */
  static final int DOCUMENTS_FIXED_BYTES = 8 + 4 + 4 + 4 + 1 + 1;

  private ShardWriter() {}

  static Path tokensFile(Path dir, int shard) {
    return dir.resolve("shard-%05d.tokens".formatted(shard));
  }

  static Path suffixesFile(Path dir, int shard) {
    return dir.resolve("shard-%05d.sa".formatted(shard));
  }

  static Path documentsFile(Path dir, int shard) {
    return dir.resolve("shard-%05d.docs".formatted(shard));
  }

  static Path lcpFile(Path dir, int shard) {
    return dir.resolve("shard-%05d.lcp".formatted(shard));
  }

  /** The fewest bytes that hold every position of a text of {@code length} symbols. */
  static int pointerWidth(int length) {
    int max = Math.max(length - 1, 1);
    return (32 - Integer.numberOfLeadingZeros(max) + 7) / 8;
  }

  /**
   * Writes shard number {@code shard} of {@code text[0, starts[documents])}, whose suffix array is
   * {@code sa}.
   */
  static IndexManifest.Shard write(
      Path dir,
      int shard,
      byte[] id,
      long firstDocument,
      ShardText text,
      int[] starts,
      int documents,
      int vocabSize,
      int tokenWidth,
      int[] sa)
      throws IOException {
    int length = starts[documents];
    int pointerWidth = pointerWidth(length);
    try (var w =
        IndexFileWriter.create(
            tokensFile(dir, shard),
            TOKENS_FORMAT,
            VERSION_CURRENT,
            id,
            (long) length * tokenWidth)) {
      for (int i = 0; i < length; i++) w.putUnsigned(text.at(i), tokenWidth);
      w.finish();
    }
    try (var w =
        IndexFileWriter.create(
            suffixesFile(dir, shard),
            SUFFIXES_FORMAT,
            VERSION_CURRENT,
            id,
            (long) length * pointerWidth)) {
      for (int i = 0; i < length; i++) w.putUnsigned(sa[i], pointerWidth);
      w.finish();
    }
    try (var w =
        IndexFileWriter.create(
            documentsFile(dir, shard),
            DOCUMENTS_FORMAT,
            VERSION_CURRENT,
            id,
            DOCUMENTS_FIXED_BYTES + 4L * (documents + 1))) {
      w.putLong(firstDocument);
      w.putInt(documents);
      w.putInt(length);
      w.putInt(vocabSize);
      w.putByte(tokenWidth);
      w.putByte(pointerWidth);
      for (int i = 0; i <= documents; i++) w.putInt(starts[i]);
      w.finish();
    }
    return new IndexManifest.Shard(firstDocument, documents, length, pointerWidth);
  }

  /**
   * Writes the LCP file of a shard of {@code text[0, length)} with suffix array {@code sa} to
   * {@code file} (see the grammar above).
   */
  static void writeLcp(Path file, byte[] id, ShardText text, int[] sa, int length, int vocabSize)
      throws IOException {
    int tokenWidth = vocabSize <= 0xFFFF ? 2 : 4;
    int[] plcp = Lcp.permuted(text, sa, length);
    try (var w =
        IndexFileWriter.create(
            file, LCP_FORMAT, LCP_VERSION, id, (long) length * (1 + tokenWidth))) {
      for (int r = 0; r < length; r++) {
        int l = Math.min(plcp[sa[r]], LCP_CAP);
        int at = sa[r] + l;
        w.putByte(l);
        w.putUnsigned(at < length ? text.at(at) : vocabSize, tokenWidth);
      }
      w.finish();
    }
  }
}
