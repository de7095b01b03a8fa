package io.memtrace.tokens;

import io.memtrace.BadInputException;
import io.memtrace.OutputPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a token store in Megatron-LM's MMapIndexedDataset format, one document per sequence, so
 * Megatron, GPT-NeoX and Pythia tooling read what memtrace writes and the other way round.
 *
 * <p>Format, all integers little endian:
 *
 * <pre>
 * P.idx    := Magic Version DtypeCode SequenceCount DocIdxLength Sizes Pointers DocIdx
 * Magic    := 'M' 'M' 'I' 'D' 'I' 'D' 'X' 0x00 0x00        (9 bytes)
 * Version  := u64 = 1
 * DtypeCode:= u8: 1 u8 | 2 i8 | 3 i16 | 4 i32 | 5 i64 | 8 u16   (6 f64, 7 f32: no tokens)
 * SequenceCount := u64 N
 * DocIdxLength  := u64 M
 * Sizes    := i32[N]  tokens in sequence i, >= 0
 * Pointers := i64[N]  byte offset of sequence i in P.bin = (Sizes[0] + .. + Sizes[i-1]) * width
 * DocIdx   := i64[M]  first sequence of each document: DocIdx[0] = 0 <= .. <= DocIdx[M-1] = N
 * P.bin    := the tokens of sequences 0..N-1 back to back, width bytes each, nothing else
 * </pre>
 *
 * <p>Document {@code d} is sequences {@code [DocIdx[d], DocIdx[d+1])}; this writer emits {@code
 * DocIdx = 0, 1, .., N}. It streams tokens to a temporary file beside {@code P.bin}, so a corpus
 * far larger than memory costs 4 bytes of heap per document; {@link #commit} writes the index and
 * renames both files into place, and {@link #close} without a commit deletes them, so an
 * interrupted write never leaves files that look like a store, and an existing store at {@code P}
 * is replaced only by a committed one. Where {@code P.bin} or {@code P.idx} is a symbolic link, the
 * file it points to is replaced, beside it, and the link stays ({@link OutputPaths#followLinks}).
 *
 * <p>The temporary files are {@code P.bin.X.tmp} and {@code P.idx.X.tmp}, X 13 random digits of
 * base 36 (12 or 13 in earlier versions). The writer creates each as {@code P.bin.X.new}, takes an
 * exclusive {@link FileLock} on it and only then renames it to its {@code .tmp} name, and holds the
 * lock until the file has been renamed into place or deleted; the operating system drops the locks
 * when the process dies. A writer killed on the way leaves its temporary files, so {@link #create}
 * first deletes those {@code .tmp} and {@code .new} files of {@code P} that no process holds
 * locked, empty or not (a {@code .new} file is unlocked for the microseconds between its creation
 * and its lock; writers of one store are not run concurrently).
 *
 * <p>Not thread-safe: one thread adds documents.
 */
public final class TokenStoreWriter implements AutoCloseable {
  static final byte[] MAGIC = "MMIDIDX\0\0".getBytes(StandardCharsets.US_ASCII);
  static final long VERSION = 1;

  /** Magic, version, dtype code, sequence count, doc_idx length. */
  static final int HEADER_BYTES = 9 + 8 + 1 + 8 + 8;

  private static final int BUFFER_BYTES = 1 << 20;

  private final StorePaths paths;

  /** Where {@code P.bin} and {@code P.idx} are written: those paths, or their links' targets. */
  private final Path binTarget;

  private final Path idxTarget;
  private final int vocabSize;
  private final TokenDtype dtype;
  private final Path tempBin;
  private final FileChannel bin;
  private final FileLock binLock;

  /** A temporary file, open and locked. */
  private record Locked(Path path, FileChannel channel, FileLock lock) {}

  private final ByteBuffer buffer =
      ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private int[] sizes = new int[1024];
  private int documents;
  private long tokens;
  private Path tempIdx;
  private boolean committed;
  private boolean closed;

  private TokenStoreWriter(
      StorePaths paths, Path binTarget, Path idxTarget, int vocabSize, Locked bin) {
    this.paths = paths;
    this.binTarget = binTarget;
    this.idxTarget = idxTarget;
    this.vocabSize = vocabSize;
    this.dtype = vocabSize <= 1 << 16 ? TokenDtype.U16 : TokenDtype.I32;
    this.tempBin = bin.path();
    this.bin = bin.channel();
    this.binLock = bin.lock();
  }

  /**
   * Starts a store at {@code prefix} for token ids in {@code [0, vocabSize)}: u16 tokens when every
   * id fits in 16 bits, else i32.
   */
  public static TokenStoreWriter create(Path prefix, int vocabSize) throws IOException {
    if (vocabSize <= 0) {
      throw new IllegalArgumentException("vocabSize must be positive, got " + vocabSize);
    }
    StorePaths paths = new StorePaths(prefix);
    Path bin = OutputPaths.followLinks(paths.bin());
    Path idx = OutputPaths.followLinks(paths.idx());
    for (Path target : List.of(bin, idx)) {
      OutputPaths.createParents(target);
      removeStale(target);
    }
    return new TokenStoreWriter(paths, bin, idx, vocabSize, createLocked(bin));
  }

  /**
   * A new empty file beside {@code target}, named after it so a leftover is recognisable, and
   * locked before it takes its {@code .tmp} name, so an unlocked {@code .tmp} file is always a
   * killed writer's. Not {@link Files#createTempFile}: that makes the file owner-only, and the
   * store it becomes is usually shared.
   */
  private static Locked createLocked(Path target) throws IOException {
    while (true) {
      String suffix =
          Long.toUnsignedString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE, 36);
      Path pending = target.resolveSibling(target.getFileName() + "." + suffix + ".new");
      Path temp = target.resolveSibling(target.getFileName() + "." + suffix + ".tmp");
      FileChannel channel;
      try {
        channel =
            FileChannel.open(pending, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        continue; // another writer drew the same name; draw again
      }
      try {
        FileLock lock = channel.lock();
        if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileAlreadyExistsException(temp.toString());
        }
        Files.move(pending, temp, StandardCopyOption.ATOMIC_MOVE);
        return new Locked(temp, channel, lock);
      } catch (FileAlreadyExistsException e) {
        channel.close();
        Files.deleteIfExists(pending);
      } catch (IOException | RuntimeException e) {
        channel.close();
        Files.deleteIfExists(pending);
        throw e;
      }
    }
  }

  /**
   * Deletes the temporary files that killed writers of {@code target} (a store's {@code .bin} or
   * {@code .idx} file) left beside it: those no process holds locked.
   *
   * @return the files deleted
   */
  static List<Path> removeStale(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    List<Path> removed = new ArrayList<>();
    if (parent == null || !Files.isDirectory(parent)) return removed;
    Pattern temp =
        Pattern.compile(
            "%s\\.[0-9a-z]{12,13}\\.(tmp|new)"
                .formatted(Pattern.quote(target.getFileName().toString())));
    List<Path> candidates;
    try (Stream<Path> files = Files.list(parent)) {
      candidates = files.filter(f -> temp.matcher(f.getFileName().toString()).matches()).toList();
    }
    for (Path f : candidates) {
      if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && removeIfStale(f)) removed.add(f);
    }
    return removed;
  }

  private static boolean removeIfStale(Path temp) throws IOException {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // held by a writer in this process
      }
      if (lock == null) return false;
      Files.delete(temp);
      return true;
    } catch (NoSuchFileException e) {
      return false; // its writer renamed or deleted it meanwhile
    }
  }

  public TokenDtype dtype() {
    return dtype;
  }

  /** Appends {@code tokens} as one document of one sequence. */
  public void add(int[] tokens) throws IOException {
    add(tokens, 0, tokens.length);
  }

  /**
   * Appends {@code tokens[off..off+len)} as one document of one sequence.
   *
   * @throws BadInputException if an id is outside {@code [0, vocabSize)}; nothing of the document
   *     is written then
   */
  public void add(int[] tokens, int off, int len) throws IOException {
    ensureOpen();
    Objects.checkFromIndexSize(off, len, tokens.length);
    for (int k = 0; k < len; k++) {
      int id = tokens[off + k];
      if (id < 0 || id >= vocabSize) {
        throw BadInputException.in(
            paths.prefix(),
            "document "
                + documents
                + ", position "
                + k
                + ": token id "
                + id
                + " not in [0, "
                + vocabSize
                + ")");
      }
    }
    if (documents == sizes.length) {
      if (documents == Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("a store holds at most " + documents + " documents");
      }
      sizes = Arrays.copyOf(sizes, (int) Math.min(Integer.MAX_VALUE - 8, documents * 3L / 2));
    }
    for (int k = 0; k < len; k++) {
      if (buffer.remaining() < dtype.width()) {
        drain(bin);
      }
      if (dtype == TokenDtype.U16) {
        buffer.putShort((short) tokens[off + k]);
      } else {
        buffer.putInt(tokens[off + k]);
      }
    }
    sizes[documents++] = len;
    this.tokens += len;
  }

  public long documents() {
    return documents;
  }

  public long tokens() {
    return tokens;
  }

  /**
   * Finishes the store: flushes and syncs {@code P.bin}, writes {@code P.idx}, then renames both
   * into place, replacing any store at {@code P}. The old index is removed first and the new one
   * renamed last, so no reader can pair the new tokens with the old index.
   */
  public void commit() throws IOException {
    ensureOpen();
    drain(bin);
    bin.force(true);
    Locked locked = createLocked(idxTarget);
    tempIdx = locked.path();
    // Both locks are held until both files are in place, so no other writer takes them for stale.
    try (FileChannel idx = locked.channel();
        FileLock idxLock = locked.lock()) {
      writeIndex(idx);
      idx.force(true);
      Files.deleteIfExists(idxTarget);
      Files.move(tempBin, binTarget, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tempIdx, idxTarget, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
    }
    binLock.release();
    bin.close();
  }

  private void writeIndex(FileChannel idx) throws IOException {
    buffer.put(MAGIC).putLong(VERSION).put((byte) dtype.code());
    buffer.putLong(documents).putLong(documents + 1L);
    for (int i = 0; i < documents; i++) {
      if (buffer.remaining() < Integer.BYTES) {
        drain(idx);
      }
      buffer.putInt(sizes[i]);
    }
    long pointer = 0;
    for (int i = 0; i < documents; i++) {
      if (buffer.remaining() < Long.BYTES) {
        drain(idx);
      }
      buffer.putLong(pointer);
      pointer += (long) sizes[i] * dtype.width();
    }
    for (long d = 0; d <= documents; d++) {
      if (buffer.remaining() < Long.BYTES) {
        drain(idx);
      }
      buffer.putLong(d);
    }
    drain(idx);
  }

  private void drain(FileChannel channel) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void ensureOpen() {
    if (committed || closed) {
      throw new IllegalStateException(
          "writer for " + paths.prefix() + " is already " + (committed ? "committed" : "closed"));
    }
  }

  /** Releases the files; without a prior {@link #commit}, deletes everything written so far. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    bin.close();
    if (!committed) {
      Files.deleteIfExists(tempBin);
      if (tempIdx != null) {
        Files.deleteIfExists(tempIdx);
      }
    }
  }
}
