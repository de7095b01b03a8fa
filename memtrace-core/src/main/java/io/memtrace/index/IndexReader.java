package io.memtrace.index;

import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open index: the manifest and every shard, memory-mapped and checked (frames, sizes, index id,
 * agreement with the manifest; the manifest's own checksum too, as it is small). {@link #verify}
 * also compares the checksums of all shard files.
 *
 * <p>Queries live in their own classes, layered as in infini-gram's engine: {@link Find} (rank
 * ranges per shard) and {@link #count}, then {@link NextTokens}, {@link InfiniGram}, {@link
 * Occurrences}, {@link Cooccurrence}, {@link NgramFrequencies} and {@link BatchQueries}. Every
 * query sums or merges over shards and first passes its n-grams through {@link #check}.
 *
 * <p>Threading: immutable after open; any number of threads may query at once. {@link #close}
 * unmaps the files and must come after every query.
 */
public final class IndexReader implements AutoCloseable {
  private final Path dir;
  private final IndexManifest manifest;
  private final List<Shard> shards;
  private final Arena arena;
  private final byte[] id;
  private final WindowCounts windows;

  private IndexReader(
      Path dir,
      IndexManifest manifest,
      List<Shard> shards,
      Arena arena,
      byte[] id,
      WindowCounts windows) {
    this.dir = dir;
    this.id = id;
    this.windows = windows;
    this.manifest = manifest;
    this.shards = List.copyOf(shards);
    this.arena = arena;
  }

  /**
   * Opens the index in directory {@code dir} (or whose manifest is {@code dir}).
   *
   * @throws BadInputException if a file is missing, torn, from another index or another format
   *     version, or disagrees with the manifest
   */
  public static IndexReader open(Path dir) throws IOException {
    return open(dir, Options.DEFAULT);
  }

  /**
   * Files of a shard up to this size have every block checked at open: a pass over them costs
   * little there, and queries then run without a first-touch check left in their compiled code
   * (measured: about a third of a count's time on an index in memory). Larger files are checked
   * block by block as queries first read them.
   */
  static final long EAGER_CHECK_BYTES = 64L << 20;

  /** The share of a shard's tokens and suffix array its in-memory sample may take. */
  public static final double SAMPLE_SHARE = 0.02;

  /**
   * How an index is opened.
   *
   * @param eagerCheckBytes files of a shard up to this size have every block checked at open
   * @param sampleShare the memory of each shard's suffix-array sample as a share of its tokens and
   *     suffix array ({@link SuffixSample}); 0 turns sampling off (plain binary search)
   * @param sampleStep every how many suffixes a sample is taken; 0 derives it from the share
   * @param randomAdvice advise random access on every shard's mappings, not only on shards larger
   *     than physical memory
   * @param trace records the pages every read touches (benchmarks only), or null
   */
  public record Options(
      long eagerCheckBytes,
      double sampleShare,
      int sampleStep,
      boolean randomAdvice,
      PageTrace trace) {
    public static final Options DEFAULT =
        new Options(EAGER_CHECK_BYTES, SAMPLE_SHARE, 0, false, null);

    public Options withSampleShare(double share) {
      return new Options(eagerCheckBytes, share, sampleStep, randomAdvice, trace);
    }

    public Options withTrace(PageTrace trace) {
      return new Options(eagerCheckBytes, sampleShare, sampleStep, randomAdvice, trace);
    }

    Options withSampleStep(int step) {
      return new Options(eagerCheckBytes, sampleShare, step, randomAdvice, trace);
    }
  }

  /**
   * {@link #open(Path)}, checking the blocks of shard files up to {@code eagerCheckBytes} at open.
   */
  static IndexReader open(Path dir, long eagerCheckBytes) throws IOException {
    return open(dir, new Options(eagerCheckBytes, SAMPLE_SHARE, 0, false, null));
  }

  /** Opens the index in {@code dir} as {@code options} say. */
  public static IndexReader open(Path dir, Options options) throws IOException {
    if (dir.getFileName() != null && dir.getFileName().toString().equals(IndexManifest.FILE)) {
      dir = dir.toAbsolutePath().getParent();
    }
    if (!Files.isDirectory(dir)) {
      throw BadInputException.in(dir, "no such directory, expected an index built by memtrace");
    }
    Arena arena = Arena.ofShared();
    try {
      IndexFile file =
          IndexFile.open(
              dir.resolve(IndexManifest.FILE),
              IndexManifest.FORMAT,
              IndexManifest.VERSION_START,
              IndexManifest.VERSION_CURRENT,
              null,
              arena);
      file.verify();
      IndexManifest manifest = IndexManifest.parse(file);
      List<Shard> shards = new ArrayList<>();
      for (int i = 0; i < manifest.shards().size(); i++) {
        Shard shard = Shard.open(dir, i, file.id(), arena, options);
        IndexManifest.Shard expected = manifest.shards().get(i);
        if (shard.firstDocument() != expected.firstDocument()
            || shard.documentCount() != expected.documents()
            || shard.length() != expected.length()
            || shard.vocabSize() != manifest.vocabSize()) {
          throw BadInputException.in(
              ShardWriter.documentsFile(dir, i),
              "disagrees with the manifest, which describes it as " + expected);
        }
        shards.add(shard);
      }
      WindowCounts windows = WindowCounts.openIfPresent(dir, file.id(), arena);
      return new IndexReader(dir, manifest, shards, arena, file.id(), windows);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  public IndexManifest manifest() {
    return manifest;
  }

  public List<Shard> shards() {
    return shards;
  }

  /** Token ids are {@code [0, vocabSize)}; the separator is {@code vocabSize}. */
  public int vocabSize() {
    return manifest.vocabSize();
  }

  public long documentCount() {
    return manifest.storeDocuments();
  }

  /** Tokens indexed, separators not counted. */
  public long tokenCount() {
    return manifest.storeTokens();
  }

  /**
   * Checks that {@code ngram} is a non-empty sequence of token ids of the index's vocabulary.
   *
   * @param what how the caller names it in messages ("n-gram", "context", ...)
   */
  public void check(int[] ngram, String what) throws BadInputException {
    if (ngram.length == 0) throw new BadInputException("the " + what + " is empty");
    checkTokens(ngram, what);
  }

  /** Like {@link #check}, but the empty sequence is allowed. */
  public void checkTokens(int[] tokens, String what) throws BadInputException {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocabSize()) {
        throw new BadInputException(
            "token %d at %d of the %s is outside the index's vocabulary [0, %d)"
                .formatted(tokens[i], i, what, vocabSize()));
      }
    }
  }

  /** Rank ranges of {@code ngram} in every shard. */
  public Find.Ranges find(int[] ngram) throws BadInputException {
    check(ngram, "n-gram");
    try {
      return Find.find(shards, ngram);
    } catch (UncheckedIOException e) {
      throw corrupted(e);
    }
  }

  /**
   * The {@link BadInputException} a {@link Shard} read threw for a corrupted file; other failures
   * as they were.
   */
  static BadInputException corrupted(UncheckedIOException e) {
    if (e.getCause() instanceof BadInputException bad) return bad;
    throw e;
  }

  /** Occurrences of {@code ngram}; none ever spans two documents. */
  public long count(int[] ngram) throws BadInputException {
    return find(ngram).count();
  }

  /**
   * Loads the tokenizer for text queries: {@code tokenizerJson} if given, else the one the index
   * recorded; refuses one whose SHA-256 differs from the recorded one.
   */
  public Tokenizer tokenizer(Path tokenizerJson) throws BadInputException {
    Path file = tokenizerJson;
    if (file == null) {
      if (manifest.tokenizer() == null) {
        throw new BadInputException(
            dir + ": the index records no tokenizer (its store had no metadata); pass one");
      }
      file = Path.of(manifest.tokenizer());
    }
    Tokenizer tokenizer = Tokenizer.load(file);
    String expected = manifest.tokenizerSha256();
    if (expected != null && !expected.equals(tokenizer.sha256())) {
      tokenizer.close();
      throw BadInputException.in(
          file,
          "tokenizer SHA-256 %s, but the index %s was built with tokenizer SHA-256 %s (%s)"
              .formatted(tokenizer.sha256(), dir, expected, manifest.tokenizer()));
    }
    return tokenizer;
  }

  /** Refuses a store this index was not built from. */
  public void requireStore(TokenStore store) throws BadInputException {
    String found = StoreFingerprint.of(store);
    if (!found.equals(manifest.storeFingerprint())) {
      throw new BadInputException(
          "%s is not the store the index %s was built from (%s; fingerprint %s, expected %s)"
              .formatted(store, dir, manifest.store(), found, manifest.storeFingerprint()));
    }
  }

  /**
   * Reads every byte of every shard file and compares every block CRC and file checksum; advances
   * by shard length.
   *
   * @throws BadInputException naming the first corrupted file and its corrupted blocks
   */
  public void verify(Progress progress) throws BadInputException {
    for (Shard shard : shards) {
      shard.verify();
      progress.advance(shard.length());
    }
    if (windows != null) windows.verify();
  }

  /** The shard holding document {@code document} of the store. */
  Shard shardOf(long document) {
    if (document < 0 || document >= documentCount()) {
      throw new IndexOutOfBoundsException(
          "document " + document + " not in [0, " + documentCount() + ")");
    }
    int lo = 0;
    int hi = shards.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (shards.get(mid).firstDocument() <= document) lo = mid;
      else hi = mid - 1;
    }
    return shards.get(lo);
  }

  /** The id every file of the index carries. */
  byte[] id() {
    return id.clone();
  }

  Arena arena() {
    return arena;
  }

  /** Whether every shard has its LCP file. */
  public boolean hasLcp() {
    return shards.stream().allMatch(Shard::hasLcp);
  }

  /** The precomputed window counts kept in the index directory, or null if there are none. */
  public WindowCounts windowCounts() {
    return windows;
  }

  /** Heap bytes of the shards' suffix-array samples built so far. */
  public long sampleBytes() {
    long bytes = 0;
    for (Shard s : shards) {
      SuffixSample sample = s.sample();
      if (sample != null) bytes += sample.bytes();
    }
    return bytes;
  }

  /** Every shard's sample step (0: no sample). */
  public int[] sampleSteps() {
    return shards.stream().mapToInt(s -> s.sample() == null ? 0 : s.sample().step()).toArray();
  }

  /** The files of the index: manifest, shard files and the window counts if present. */
  public List<Path> files() {
    List<Path> out = new ArrayList<>();
    out.add(dir.resolve(IndexManifest.FILE));
    for (Shard s : shards) for (IndexFile f : s.files()) out.add(f.path());
    if (windows != null) out.add(windows.path());
    return out;
  }

  public Path directory() {
    return dir;
  }

  @Override
  public void close() {
    arena.close();
  }
}
