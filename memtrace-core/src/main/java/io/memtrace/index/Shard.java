package io.memtrace.index;

import static io.memtrace.index.IndexFile.LE_INT;
import static io.memtrace.index.IndexFile.LE_LONG;
import static io.memtrace.index.IndexFile.LE_SHORT;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One shard of an index, memory-mapped and self-contained (see {@link ShardWriter} for its files):
 * positions are offsets into the shard's text of tokens and separators, ranks are indexes into its
 * suffix array, documents are numbered within the shard from 0.
 *
 * <p>Every read checks what a corrupted file would otherwise turn into a wrong answer: the CRC of
 * each block of the tokens, suffixes and document table the first time the block is read, and each
 * suffix-array entry against the shard's length. A failed check throws an {@link
 * UncheckedIOException} holding a {@link BadInputException} that names the file and the position.
 *
 * <p>Threading: any number of threads may read (the record of checked blocks tolerates races). The
 * mappings live as long as the arena the shard was opened in.
 */
public final class Shard {
  private final int number;
  private final IndexFile tokensFile;
  private final IndexFile suffixesFile;
  private final IndexFile documentsFile;
  private final IndexFile lcpFile;
  private final MemorySegment tokens;
  private final MemorySegment lcps;
  private final int lcpEntryBytes;
  private final PageTrace trace;
  private final int sampleStep;
  private volatile SuffixSample sample;
  private final MemorySegment suffixes;
  private final MemorySegment starts;
  private final long firstDocument;
  private final int documents;
  private final int length;
  private final int vocabSize;
  private final int tokenWidth;
  private final int pointerWidth;

  private Shard(
      int number,
      IndexFile tokensFile,
      IndexFile suffixesFile,
      IndexFile documentsFile,
      IndexFile lcpFile,
      PageTrace trace,
      int sampleStep,
      long firstDocument,
      int documents,
      int length,
      int vocabSize,
      int tokenWidth,
      int pointerWidth) {
    this.number = number;
    this.tokensFile = tokensFile;
    this.suffixesFile = suffixesFile;
    this.documentsFile = documentsFile;
    this.lcpFile = lcpFile;
    this.trace = trace;
    this.sampleStep = sampleStep;
    this.tokens = tokensFile.body();
    this.lcps = lcpFile == null ? null : lcpFile.body();
    this.lcpEntryBytes = 1 + tokenWidth;
    this.suffixes = suffixesFile.body();
    this.starts = documentsFile.body().asSlice(ShardWriter.DOCUMENTS_FIXED_BYTES);
    this.firstDocument = firstDocument;
    this.documents = documents;
    this.length = length;
    this.vocabSize = vocabSize;
    this.tokenWidth = tokenWidth;
    this.pointerWidth = pointerWidth;
  }

  /**
   * Opens shard {@code number} in {@code dir}, checking the frame of its three files (all from the
   * index {@code id}), that their sizes agree, and every block of those of at most {@code
   * eagerCheckBytes}; also its LCP file if there is one. A shard larger than {@link
   * PageAdvice#physicalMemory()} gets random-access read advice on its mappings.
   */
  static Shard open(Path dir, int number, byte[] id, Arena arena, IndexReader.Options options)
      throws IOException {
    long eagerCheckBytes = options.eagerCheckBytes();
    int min = ShardWriter.VERSION_START;
    int max = ShardWriter.VERSION_CURRENT;
    Path docsPath = ShardWriter.documentsFile(dir, number);
    IndexFile docs = IndexFile.open(docsPath, ShardWriter.DOCUMENTS_FORMAT, min, max, id, arena);
    MemorySegment body = docs.body();
    if (body.byteSize() < ShardWriter.DOCUMENTS_FIXED_BYTES) {
      throw BadInputException.in(docsPath, "document table body too short");
    }
    try {
      docs.touch(0);
      docs.touch(body.byteSize() - 1);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    long first = body.get(LE_LONG, 0);
    int count = body.get(LE_INT, 8);
    int length = body.get(LE_INT, 12);
    int vocab = body.get(LE_INT, 16);
    int tokenWidth = body.get(ValueLayout.JAVA_BYTE, 20);
    int pointerWidth = body.get(ValueLayout.JAVA_BYTE, 21);
    if (first < 0
        || count <= 0
        || length < count
        || vocab <= 0
        || tokenWidth != (vocab <= 0xFFFF ? 2 : 4)
        || pointerWidth != ShardWriter.pointerWidth(length)
        || body.byteSize() != ShardWriter.DOCUMENTS_FIXED_BYTES + 4L * (count + 1)
        || body.get(LE_INT, ShardWriter.DOCUMENTS_FIXED_BYTES) != 0
        || body.get(LE_INT, body.byteSize() - 4) != length) {
      throw BadInputException.in(
          docsPath,
          "inconsistent document table (first %d, documents %d, length %d, vocabulary %d, widths %d and %d)"
              .formatted(first, count, length, vocab, tokenWidth, pointerWidth));
    }
    Path tokensPath = ShardWriter.tokensFile(dir, number);
    IndexFile tokens = IndexFile.open(tokensPath, ShardWriter.TOKENS_FORMAT, min, max, id, arena);
    requireBody(tokens, (long) length * tokenWidth);
    Path saPath = ShardWriter.suffixesFile(dir, number);
    IndexFile sa = IndexFile.open(saPath, ShardWriter.SUFFIXES_FORMAT, min, max, id, arena);
    requireBody(sa, (long) length * pointerWidth);
    Path lcpPath = ShardWriter.lcpFile(dir, number);
    IndexFile lcp = null;
    if (Files.exists(lcpPath)) {
      lcp =
          IndexFile.open(
              lcpPath,
              ShardWriter.LCP_FORMAT,
              ShardWriter.LCP_VERSION,
              ShardWriter.LCP_VERSION,
              id,
              arena);
      requireBody(lcp, (long) length * (1 + tokenWidth));
    }
    for (IndexFile file : new IndexFile[] {docs, tokens, sa, lcp}) {
      if (file != null && file.bodyLength() <= eagerCheckBytes) file.checkAll();
    }
    long mapped = tokens.bodyLength() + sa.bodyLength() + (lcp == null ? 0 : lcp.bodyLength());
    if (options.randomAdvice() || mapped > PageAdvice.physicalMemory()) {
      for (IndexFile file : new IndexFile[] {tokens, sa, lcp}) {
        if (file != null) PageAdvice.random(file.mapped());
      }
    }
    int step = options.sampleStep();
    if (step == 0 && options.sampleShare() > 0) {
      step = SuffixSample.step(length, tokenWidth, pointerWidth, options.sampleShare());
    }
    return new Shard(
        number,
        tokens,
        sa,
        docs,
        lcp,
        options.trace(),
        Math.max(step, 0),
        first,
        count,
        length,
        vocab,
        tokenWidth,
        pointerWidth);
  }

  /** The in-memory sample of the suffix array, built at first use; null if sampling is off. */
  SuffixSample sample() {
    SuffixSample s = sample;
    if (s == null && sampleStep > 0) {
      synchronized (this) {
        s = sample;
        if (s == null) sample = s = SuffixSample.of(this, sampleStep);
      }
    }
    return s;
  }

  /** Whether the shard has its LCP file. */
  public boolean hasLcp() {
    return lcps != null;
  }

  /**
   * The symbols the suffix of rank {@code rank} shares with the one of rank {@code rank - 1},
   * capped at {@link ShardWriter#LCP_CAP} (which stands for that many or more); needs the LCP file.
   */
  int lcp(int rank) {
    long at = (long) rank * lcpEntryBytes;
    lcpFile.touch(at);
    if (trace != null) trace.read(lcpFile, at);
    return Byte.toUnsignedInt(lcps.get(ValueLayout.JAVA_BYTE, at));
  }

  /** The symbol of the suffix of rank {@code rank} at offset {@link #lcp}. */
  int next(int rank) {
    long at = (long) rank * lcpEntryBytes + 1;
    lcpFile.touch(at, at + tokenWidth);
    if (trace != null) trace.read(lcpFile, at, at + tokenWidth);
    return tokenWidth == 2 ? Short.toUnsignedInt(lcps.get(LE_SHORT, at)) : lcps.get(LE_INT, at);
  }

  private static void requireBody(IndexFile file, long bytes) throws BadInputException {
    if (file.bodyLength() != bytes) {
      throw BadInputException.in(
          file.path(),
          "body of " + file.bodyLength() + " bytes, the document table implies " + bytes);
    }
  }

  /** Reads every byte of the three files and compares their block CRCs and checksums. */
  void verify() throws BadInputException {
    documentsFile.verify();
    tokensFile.verify();
    suffixesFile.verify();
    if (lcpFile != null) lcpFile.verify();
  }

  /** The mapped index files of the shard, LCP file included if there is one. */
  List<IndexFile> files() {
    return lcpFile == null
        ? List.of(documentsFile, tokensFile, suffixesFile)
        : List.of(documentsFile, tokensFile, suffixesFile, lcpFile);
  }

  public int number() {
    return number;
  }

  /** Tokens plus separators. */
  public int length() {
    return length;
  }

  public int vocabSize() {
    return vocabSize;
  }

  public int tokenWidth() {
    return tokenWidth;
  }

  public int pointerWidth() {
    return pointerWidth;
  }

  /** The store's number of the shard's first document. */
  public long firstDocument() {
    return firstDocument;
  }

  public int documentCount() {
    return documents;
  }

  /** The token at {@code pos}, or the separator {@link #vocabSize()} after each document. */
  public int token(int pos) {
    tokensFile.touch((long) pos * tokenWidth);
    return unchecked(pos);
  }

  /**
   * Compares the suffix at {@code pos} with {@code q} over {@code q.length} tokens, checking the
   * blocks they lie in once. A separator ends every document and is larger than any token, so the
   * loop stops there at the latest.
   */
  int compare(int pos, int[] q) {
    tokensFile.touch((long) pos * tokenWidth, (long) Math.min(pos + q.length, length) * tokenWidth);
    for (int i = 0; i < q.length; i++) {
      int t = unchecked(pos + i);
      if (t != q[i]) return t < q[i] ? -1 : 1;
    }
    return 0;
  }

  private int unchecked(int pos) {
    if (trace != null) trace.read(tokensFile, (long) pos * tokenWidth);
    return tokenWidth == 2
        ? Short.toUnsignedInt(tokens.get(LE_SHORT, 2L * pos))
        : tokens.get(LE_INT, 4L * pos);
  }

  /** Where the {@code rank}-th smallest suffix starts. */
  public int suffix(int rank) {
    long at = (long) rank * pointerWidth;
    suffixesFile.touch(at);
    if (pointerWidth == 3) suffixesFile.touch(at + 2);
    int pos = pointer(at);
    if (Integer.compareUnsigned(pos, length) >= 0) throw beyondShard(rank, at, pos);
    return pos;
  }

  /**
   * Where the suffixes of ranks {@code [lo, hi)} start, into {@code out} from {@code offset}:
   * {@link #suffix} for a run, checking each block once.
   */
  void suffixes(int lo, int hi, int[] out, int offset) {
    suffixesFile.touch((long) lo * pointerWidth, (long) hi * pointerWidth);
    for (int r = lo; r < hi; r++) {
      long at = (long) r * pointerWidth;
      int pos = pointer(at);
      if (Integer.compareUnsigned(pos, length) >= 0) throw beyondShard(r, at, pos);
      out[offset + r - lo] = pos;
    }
  }

  /** The suffix-array entry at body byte {@code at}, unchecked. */
  private int pointer(long at) {
    if (trace != null) trace.read(suffixesFile, at, at + pointerWidth);
    return switch (pointerWidth) {
      case 4 -> suffixes.get(LE_INT, at);
      case 3 ->
          Short.toUnsignedInt(suffixes.get(LE_SHORT, at))
              | Byte.toUnsignedInt(suffixes.get(ValueLayout.JAVA_BYTE, at + 2)) << 16;
      case 2 -> Short.toUnsignedInt(suffixes.get(LE_SHORT, at));
      default -> Byte.toUnsignedInt(suffixes.get(ValueLayout.JAVA_BYTE, at));
    };
  }

  private UncheckedIOException beyondShard(int rank, long at, int pos) {
    return new UncheckedIOException(
        BadInputException.in(
            suffixesFile.path(),
            "suffix-array entry %d (body byte %d) holds position %d, beyond the shard's %d: the file is corrupted, rebuild the index"
                .formatted(rank, at, Integer.toUnsignedLong(pos), length)));
  }

  /** Position of the first token of the shard's document {@code i}. */
  public int documentStart(int i) {
    documentsFile.touch(ShardWriter.DOCUMENTS_FIXED_BYTES + 4L * i);
    return starts.get(LE_INT, 4L * i);
  }

  /** Position one past the last token of the shard's document {@code i} (its separator). */
  public int documentEnd(int i) {
    documentsFile.touch(ShardWriter.DOCUMENTS_FIXED_BYTES + 4L * (i + 1));
    return starts.get(LE_INT, 4L * (i + 1)) - 1;
  }

  /** The shard's document holding position {@code pos}. */
  public int documentAt(int pos) {
    int lo = 0;
    int hi = documents - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (documentStart(mid) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Tokens {@code [from, to)} of the shard's text. */
  public int[] tokens(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) out[i] = token(from + i);
    return out;
  }

  @Override
  public String toString() {
    return "shard " + number + " (" + documentsFile.path().getParent() + ")";
  }
}
