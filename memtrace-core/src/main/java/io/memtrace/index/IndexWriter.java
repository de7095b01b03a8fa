package io.memtrace.index;

import io.memtrace.BadInputException;
import io.memtrace.OutputPaths;
import io.memtrace.Progress;
import io.memtrace.index.sais.SuffixArrays;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the suffix-array index of a token store, shard by shard within a memory budget.
 *
 * <p>Documents are cut into shards of whole documents, each as large as {@link #shardPeakBytes}
 * allows within the budget; a shard is read into one array ({@link ShardText}: each document
 * followed by the separator, 16-bit when the vocabulary allows), sorted by {@link SuffixArrays},
 * written by {@link ShardWriter} and dropped before the next. Everything goes to a temporary
 * sibling directory that is renamed to the target only after the manifest, written last, is
 * complete: a killed build leaves no index that looks valid, and the next build of the same target
 * removes what it left ({@link BuildDirectory}). An existing index at the target is replaced: it is
 * renamed to {@code OUT.replaced-XXXX}, the new one renamed into place, then the old one deleted; a
 * build killed in between leaves {@code OUT.replaced-XXXX}, which the next build of the same target
 * deletes if it still holds index files only. Any other existing file or directory at the target is
 * refused.
 *
 * <p>The vocabulary is the store metadata's vocabulary size; a store without metadata gets 65535
 * for 1- and 2-byte tokens (the separator is then 0xFFFF, as in infini-gram) and the largest token
 * plus one otherwise. A token outside it is bad input.
 */
public final class IndexWriter {
  /** Infix of the name an index being replaced is renamed to, {@code OUT.replaced-XXXX}. */
  static final String REPLACED = ".replaced-";

  /** Tokens a 16-bit shard text is read through at a time. */
  private static final int READ_BUFFER = 1 << 16;

  /** Memory the shard builder needs beyond the suffix sort: output buffers, slack. */
  private static final long OVERHEAD_BYTES = 8 << 20;

  /**
   * @param memoryBytes peak heap the build may use; shards are sized to stay within it
   * @param threads threads for the suffix sort
   * @param lcp whether to write each shard's LCP file too (see {@link ShardWriter})
   */
  public record Options(long memoryBytes, int threads, boolean lcp) {
    public Options(long memoryBytes, int threads) {
      this(memoryBytes, threads, false);
    }
  }

  /** What a build produced. */
  public record Result(Path index, IndexManifest manifest, long bytes, long nanos) {}

  private IndexWriter() {}

  /** Peak heap bytes of building one shard of {@code symbols} tokens and separators. */
  public static long shardPeakBytes(long symbols, long documents, int vocabSize) {
    return SuffixArrays.peakBytes(symbols, vocabSize + 1) + 4 * (documents + 1) + OVERHEAD_BYTES;
  }

  /** {@link #shardPeakBytes}, with the LCP file: text, suffix array and one array for the LCP. */
  static long shardPeakBytes(long symbols, long documents, int vocabSize, boolean lcp) {
    long sort = shardPeakBytes(symbols, documents, vocabSize);
    long lcpPeak = (ShardText.bytesPerSymbol(vocabSize + 1L) + 8) * symbols;
    return lcp ? Math.max(sort, lcpPeak + 4 * (documents + 1) + OVERHEAD_BYTES) : sort;
  }

  /** Units {@link #build} advances its progress by: three per token or separator. */
  public static long progressTotal(TokenStore store) {
    return 3 * (store.tokenCount() + store.documentCount());
  }

  /**
   * Builds the index of {@code store} at {@code out}; where {@code out} is a symbolic link, at its
   * target, keeping the link.
   *
   * @param metadata the store's metadata, or null if it has none
   * @throws BadInputException if a token is outside the vocabulary, a document is too long for one
   *     shard within the budget, or {@code out} exists and is not an index
   */
  public static Result build(
      TokenStore store, StoreMetadata metadata, Path out, Options options, Progress progress)
      throws IOException {
    long start = System.nanoTime();
    Path given = out;
    out = OutputPaths.followLinks(out);
    checkTarget(out);
    int vocab = vocabulary(store, metadata);
    List<ShardPlan> plans = plan(store, vocab, options.memoryBytes(), options.lcp());
    byte[] id = newId();
    BuildDirectory.removeStale(out);
    removeReplaced(out);
    try (BuildDirectory building = BuildDirectory.create(out, HexFormat.of().formatHex(id, 0, 4))) {
      Path tmp = building.path();
      try {
        List<IndexManifest.Shard> shards = new ArrayList<>();
        for (ShardPlan p : plans) {
          shards.add(
              buildShard(
                  store,
                  p,
                  tmp,
                  shards.size(),
                  id,
                  vocab,
                  options.threads(),
                  options.lcp(),
                  progress));
        }
        IndexManifest manifest = manifest(store, metadata, vocab, shards);
        manifest.write(tmp, id);
        building.dropLockFile();
        long bytes;
        try (Stream<Path> files = Files.list(tmp)) {
          bytes = files.mapToLong(f -> f.toFile().length()).sum();
        }
        moveIntoPlace(tmp, out);
        return new Result(given, manifest, bytes, System.nanoTime() - start);
      } finally {
        deleteIndexDirectory(tmp, BuildDirectory.LOCK_FILE);
      }
    }
  }

  /**
   * One shard to build: documents {@code [firstDocument, firstDocument + documents)} of the store,
   * {@code length} tokens and separators.
   */
  public record ShardPlan(long firstDocument, int documents, int length) implements Serializable {}

  /** A fresh random index id, repeated in the header of every file of one index. */
  public static byte[] newId() {
    byte[] id = new byte[IndexFile.ID_BYTES];
    new SecureRandom().nextBytes(id);
    return id;
  }

  /** Bytes per token in shard files: 2 when the vocabulary and separator fit in 16 bits, else 4. */
  public static int tokenWidth(int vocab) {
    return vocab <= 0xFFFF ? 2 : 4;
  }

  /**
   * The manifest of an index of {@code store} made of {@code shards}, which must cover its
   * documents in order.
   *
   * @param metadata the store's metadata, or null if it has none
   */
  public static IndexManifest manifest(
      TokenStore store, StoreMetadata metadata, int vocab, List<IndexManifest.Shard> shards) {
    long tokens = 0;
    for (IndexManifest.Shard s : shards) tokens += s.length() - s.documents();
    return new IndexManifest(
        store.toString(),
        StoreFingerprint.of(store),
        store.documentCount(),
        tokens,
        metadata == null ? null : metadata.tokenizer(),
        metadata == null ? null : metadata.tokenizerSha256(),
        vocab,
        tokenWidth(vocab),
        shards);
  }

  /**
   * The vocabulary size an index of {@code store} uses; its separator symbol is this value.
   *
   * @param metadata the store's metadata, or null if it has none
   */
  public static int vocabulary(TokenStore store, StoreMetadata metadata) {
    if (metadata != null) return metadata.vocabSize();
    if (store.dtype().width() <= 2) return 0xFFFF;
    int max = -1;
    int[] chunk = new int[1 << 16];
    for (long at = 0; at < store.tokenCount(); at += chunk.length) {
      int n = (int) Math.min(chunk.length, store.tokenCount() - at);
      store.read(at, chunk, 0, n);
      for (int i = 0; i < n; i++) max = Math.max(max, chunk[i]);
    }
    return Math.min(Math.max(max + 1, 1), Integer.MAX_VALUE - 1);
  }

  /**
   * Cuts the documents into shards, each as long as the memory budget (peak heap of building one
   * shard, {@link #shardPeakBytes}) allows.
   *
   * @throws BadInputException if one document alone is over the budget
   */
  public static List<ShardPlan> plan(TokenStore store, int vocab, long budget)
      throws BadInputException {
    return plan(store, vocab, budget, false);
  }

  /** {@link #plan(TokenStore, int, long)}, budgeting for the LCP file too when {@code lcp}. */
  public static List<ShardPlan> plan(TokenStore store, int vocab, long budget, boolean lcp)
      throws BadInputException {
    List<ShardPlan> plans = new ArrayList<>();
    long first = 0;
    long length = 0;
    long documents = store.documentCount();
    for (long d = 0; d < documents; d++) {
      long n = store.documentEnd(d) - store.documentStart(d) + 1;
      if (length > 0
          && (shardPeakBytes(length + n, d - first + 1, vocab, lcp) > budget
              || length + n > Integer.MAX_VALUE - 16)) {
        plans.add(new ShardPlan(first, (int) (d - first), (int) length));
        first = d;
        length = 0;
      }
      if (shardPeakBytes(n, 1, vocab, lcp) > budget || n > Integer.MAX_VALUE - 16) {
        throw new BadInputException(
            "%s: document %d has %d tokens; one shard of it needs %,d bytes, over the memory budget of %,d bytes: raise the budget (--memory)"
                .formatted(store, d, n - 1, shardPeakBytes(n, 1, vocab, lcp), budget));
      }
      length += n;
    }
    if (length > 0) plans.add(new ShardPlan(first, (int) (documents - first), (int) length));
    return plans;
  }

  /**
   * Builds shard number {@code number} of {@code plan} into {@code dir}: its text sorted by {@link
   * SuffixArrays} on {@code threads} threads and written by {@link ShardWriter}, self-contained.
   * Shards built apart (one per Spark task) with one {@code id} and {@link #plan}'s cut make, with
   * {@link IndexManifest#write}, the index {@link #build} makes.
   */
  public static IndexManifest.Shard buildShard(
      TokenStore store,
      ShardPlan plan,
      Path dir,
      int number,
      byte[] id,
      int vocab,
      int threads,
      Progress progress)
      throws IOException {
    return buildShard(store, plan, dir, number, id, vocab, threads, false, progress);
  }

  /**
   * {@link #buildShard}, and the shard's LCP file ({@link ShardWriter#writeLcp}) when {@code lcp}.
   */
  public static IndexManifest.Shard buildShard(
      TokenStore store,
      ShardPlan plan,
      Path dir,
      int number,
      byte[] id,
      int vocab,
      int threads,
      boolean lcp,
      Progress progress)
      throws IOException {
    int[] starts = new int[plan.documents() + 1];
    ShardText text = shardText(store, plan.firstDocument(), plan.documents(), vocab, starts);
    int at = text.length();
    progress.advance(at);
    int[] sa = text.suffixArray(vocab + 1, threads);
    progress.advance(at);
    IndexManifest.Shard shard =
        ShardWriter.write(
            dir,
            number,
            id,
            plan.firstDocument(),
            text,
            starts,
            plan.documents(),
            vocab,
            tokenWidth(vocab),
            sa);
    if (lcp) {
      ShardWriter.writeLcp(ShardWriter.lcpFile(dir, number), id, text, sa, at, vocab);
    }
    progress.advance(at);
    return shard;
  }

  /**
   * The text a shard of documents {@code [firstDocument, firstDocument + documents)} sorts: each
   * document followed by the separator {@code vocab}, 16-bit when the alphabet ({@code vocab + 1})
   * allows; {@code starts[i]} receives where document {@code firstDocument + i} begins and {@code
   * starts[documents]} the length.
   *
   * @throws BadInputException if a token is outside {@code [0, vocab)}
   */
  public static ShardText shardText(
      TokenStore store, long firstDocument, int documents, int vocab, int[] starts)
      throws BadInputException {
    long length = 0;
    for (int i = 0; i < documents; i++) {
      long d = firstDocument + i;
      length += store.documentEnd(d) - store.documentStart(d) + 1;
    }
    if (length > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("a shard of " + length + " symbols is too long");
    }
    boolean narrow = ShardText.narrow(vocab + 1L);
    char[] chars = narrow ? new char[(int) length] : null;
    int[] ints = narrow ? null : new int[(int) length];
    // A 16-bit text is read through a small buffer, not a second full-length array.
    int[] buffer = narrow ? new int[READ_BUFFER] : ints;
    int at = 0;
    for (int i = 0; i < documents; i++) {
      long d = firstDocument + i;
      long from = store.documentStart(d);
      long end = store.documentEnd(d);
      starts[i] = at;
      while (from < end) {
        int n = (int) (narrow ? Math.min(end - from, READ_BUFFER) : end - from);
        int off = narrow ? 0 : at;
        store.read(from, buffer, off, n);
        for (int j = off; j < off + n; j++) {
          if (buffer[j] < 0 || buffer[j] >= vocab) {
            throw new BadInputException(
                "%s: token %d at position %d of document %d is outside the vocabulary [0, %d)"
                    .formatted(store, buffer[j], at - starts[i] + j - off, d, vocab));
          }
          if (narrow) {
            chars[at + j] = (char) buffer[j];
          }
        }
        at += n;
        from += n;
      }
      if (narrow) {
        chars[at++] = (char) vocab;
      } else {
        ints[at++] = vocab;
      }
    }
    starts[documents] = at;
    return new ShardText(chars, ints);
  }

  private static void checkTarget(Path out) throws IOException {
    if (Files.exists(out) && !isIndexDirectory(out)) {
      throw BadInputException.in(
          out, "exists and is not an index; choose another output or remove it");
    }
  }

  /** Renames {@code tmp} to {@code out}, replacing an index there. */
  private static void moveIntoPlace(Path tmp, Path out) throws IOException {
    checkTarget(out);
    if (!Files.exists(out)) {
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Path old = BuildDirectory.sibling(out, REPLACED + Long.toHexString(System.nanoTime()));
    Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
    Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    deleteIndexDirectory(old);
  }

  /**
   * Deletes the {@code OUT.replaced-*} directories of earlier builds of {@code out} that were
   * killed before deleting the index they replaced; only those holding index files only.
   */
  static void removeReplaced(Path out) throws IOException {
    Path abs = out.toAbsolutePath();
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) return;
    String prefix = abs.getFileName() + REPLACED;
    try (Stream<Path> siblings = Files.list(parent)) {
      for (Path d : siblings.toList()) {
        String name = d.getFileName().toString();
        if (name.startsWith(prefix)
            && name.substring(prefix.length()).matches("[0-9a-f]+")
            && isIndexDirectory(d)) {
          deleteIndexDirectory(d);
        }
      }
    }
  }

  /** An empty directory or one holding only files an index consists of. */
  private static boolean isIndexDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> files = Files.list(dir)) {
      return files.allMatch(IndexWriter::isIndexFile);
    }
  }

  private static boolean isIndexFile(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file)
        && (name.equals(IndexManifest.FILE)
            || name.matches("shard-\\d{5,}\\.(tokens|sa|docs|lcp|lcp\\.tmp)")
            || name.equals(WindowCounts.FILE)
            || name.equals(WindowCounts.FILE + ".tmp"));
  }

  /**
   * Deletes the index files in {@code dir} and the files named {@code also}, then {@code dir} if
   * that emptied it.
   */
  static void deleteIndexDirectory(Path dir, String... also) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(IndexWriter::isIndexFile).toList()) Files.deleteIfExists(f);
    }
    for (String name : also) Files.deleteIfExists(dir.resolve(name));
    try (Stream<Path> rest = Files.list(dir)) {
      if (rest.findAny().isEmpty()) Files.deleteIfExists(dir);
    } catch (NoSuchFileException e) {
      // another build of the same target deleted it first
    }
  }
}
