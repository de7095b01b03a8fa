package io.memtrace.index;

import io.memtrace.Progress;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded random corpus as a token store: a random vocabulary (u16 or u32 stores), Zipf-like token
 * ids so short n-grams repeat, passages copied into several documents, and documents of length 0
 * and 1.
 *
 * @param vocab ids are in [0, vocab)
 * @param metadata whether the store has metadata (else the index infers its vocabulary)
 */
record RandomCorpus(long seed, int vocab, boolean metadata, List<int[]> documents) {
  private static final int[] VOCABS = {1, 2, 3, 7, 50, 300, 5000, 65535, 65536, 70000};

  static RandomCorpus of(long seed) {
    Random r = new Random(seed);
    int vocab = VOCABS[r.nextInt(VOCABS.length)];
    boolean metadata = vocab == 65536 || r.nextBoolean();
    int[][] passages = new int[1 + r.nextInt(4)][];
    for (int i = 0; i < passages.length; i++) passages[i] = tokens(r, vocab, 2 + r.nextInt(30));
    List<int[]> docs = new ArrayList<>();
    int count = 1 + r.nextInt(r.nextBoolean() ? 8 : 80);
    for (int d = 0; d < count; d++) {
      int kind = r.nextInt(10);
      int[] doc =
          kind == 0
              ? new int[0]
              : kind == 1 ? tokens(r, vocab, 1) : tokens(r, vocab, r.nextInt(120));
      for (int[] p : passages) {
        if (doc.length > 0 && r.nextInt(3) == 0) {
          int at = r.nextInt(doc.length + 1);
          int[] with = new int[doc.length + p.length];
          System.arraycopy(doc, 0, with, 0, at);
          System.arraycopy(p, 0, with, at, p.length);
          System.arraycopy(doc, at, with, at + p.length, doc.length - at);
          doc = with;
        }
      }
      docs.add(doc);
    }
    return new RandomCorpus(seed, vocab, metadata, docs);
  }

  /** Documents repeating a short period, one token in some changed: long matches that break. */
  static RandomCorpus periodic(long seed) {
    Random r = new Random(seed);
    int vocab = 2 + r.nextInt(6);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0, n = 1 + r.nextInt(4); d < n; d++) {
      int[] period = tokens(r, vocab, 1 + r.nextInt(6));
      int[] doc = new int[r.nextInt(150)];
      for (int i = 0; i < doc.length; i++) doc[i] = period[i % period.length];
      if (doc.length > 0 && r.nextBoolean()) doc[r.nextInt(doc.length)] = r.nextInt(vocab);
      docs.add(doc);
    }
    return new RandomCorpus(seed, vocab, true, docs);
  }

  /**
   * Texts to trace through this corpus: documents, documents joined, the joined ones with a token
   * changed and twice over, and random tokens of {@code vocab}.
   */
  List<int[]> texts(int vocab) {
    Random r = new Random(~seed);
    List<int[]> out = new ArrayList<>();
    int[] joined = new int[0];
    for (int k = 0; k < 3; k++) {
      int[] doc = documents.get(r.nextInt(documents.size()));
      if (doc.length > 0) out.add(doc);
      int[] both = Arrays.copyOf(joined, joined.length + doc.length);
      System.arraycopy(doc, 0, both, joined.length, doc.length);
      joined = both;
    }
    if (joined.length > 0) {
      out.add(joined);
      int[] changed = joined.clone();
      changed[r.nextInt(changed.length)] = r.nextInt(vocab);
      out.add(changed);
      int[] twice = Arrays.copyOf(joined, 2 * joined.length);
      System.arraycopy(joined, 0, twice, joined.length, joined.length);
      out.add(twice);
    }
    out.add(tokens(r, vocab, 1 + r.nextInt(60)));
    return out;
  }

  /** Small ids are common, the largest id occurs too. */
  static int[] tokens(Random r, int vocab, int n) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(10);
      t[i] =
          k == 0
              ? vocab - 1
              : k < 6
                  ? r.nextInt(Math.min(vocab, 4))
                  : r.nextInt(Math.min(vocab, 1 + r.nextInt(40)));
      if (k >= 8) t[i] = r.nextInt(vocab);
    }
    return t;
  }

  /** The vocabulary the index gets: the metadata's, else inferred from the store. */
  int indexVocab() {
    if (metadata) return vocab;
    if (vocab <= 65536) return 0xFFFF;
    return Math.max(1, documents.stream().flatMapToInt(Arrays::stream).max().orElse(-1) + 1);
  }

  long tokens() {
    return documents.stream().mapToLong(d -> d.length).sum();
  }

  Path write(Path prefix) throws IOException {
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, vocab)) {
      for (int[] doc : documents) w.add(doc);
      w.commit();
    }
    if (metadata) {
      new StoreMetadata(
              StoreMetadata.FORMAT,
              StoreMetadata.VERSION,
              "/nowhere/tokenizer.json",
              "ab".repeat(32),
              vocab,
              null,
              false,
              List.of("random-" + seed),
              documents.size(),
              tokens())
          .write(prefix);
    }
    return prefix;
  }

  /**
   * This corpus written as a store under {@code dir} and indexed into {@code dir/index}; two seeds
   * in three get a memory budget so small that the index has many shards.
   */
  IndexReader index(Path dir) throws IOException {
    return index(dir, false);
  }

  /** {@link #index(Path)}, with the shards' LCP files when {@code lcp}. */
  IndexReader index(Path dir, boolean lcp) throws IOException {
    Path prefix = write(dir.resolve("store"));
    long budget = 1L << 32;
    if (seed % 3 != 0) {
      int longest = documents.stream().mapToInt(d -> d.length).max().orElse(0);
      int target = Math.max(longest + 1, 10 + (int) (seed % 50));
      budget = IndexWriter.shardPeakBytes(target, target, indexVocab(), lcp);
    }
    try (TokenStore store = TokenStore.open(prefix)) {
      IndexWriter.build(
          store,
          StoreMetadata.readIfPresent(prefix),
          dir.resolve("index"),
          new IndexWriter.Options(budget, 1, lcp),
          Progress.NONE);
    }
    return IndexReader.open(dir.resolve("index"));
  }
}
