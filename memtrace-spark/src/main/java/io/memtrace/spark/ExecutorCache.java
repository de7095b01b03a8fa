package io.memtrace.spark;

import io.memtrace.index.IndexReader;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.memorization.RowScorer;
import io.memtrace.tokens.TokenDtype;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor opens once and shares between its tasks: token stores and indexes
 * (memory-mapped), tokenizers, and models (mapped weights; a {@link RowScorer} serves one call at a
 * time, spread over its threads). They stay open for the executor's life; a driver in local mode
 * shares them with its tasks.
 */
final class ExecutorCache {
  private static final Map<String, TokenStore> STORES = new ConcurrentHashMap<>();
  private static final Map<Path, IndexReader> INDEXES = new ConcurrentHashMap<>();
  private static final Map<Path, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();
  private static final Map<String, RowScorer> SCORERS = new ConcurrentHashMap<>();

  private ExecutorCache() {}

  /**
   * The store at {@code prefix}; rows of a headerless uint16 .bin when {@code rowLength} is set.
   */
  static TokenStore store(Path prefix, Integer rowLength) throws IOException {
    String key = prefix.toAbsolutePath().normalize() + "#" + rowLength;
    return open(
        STORES,
        key,
        () ->
            rowLength == null
                ? TokenStore.open(prefix)
                : TokenStore.openRows(prefix, rowLength, TokenDtype.U16));
  }

  static IndexReader index(Path dir) throws IOException {
    return open(INDEXES, dir.toAbsolutePath().normalize(), () -> IndexReader.open(dir));
  }

  static Tokenizer tokenizer(Path file) throws IOException {
    return open(TOKENIZERS, file.toAbsolutePath().normalize(), () -> Tokenizer.load(file));
  }

  static RowScorer scorer(ModelRef model, int threads, boolean eosSuppressed, int topK)
      throws IOException {
    String key = model.dir().toAbsolutePath().normalize() + "#" + eosSuppressed + "#" + topK;
    return open(SCORERS, key, () -> RowScorer.open(model, threads, eosSuppressed, topK));
  }

  private interface Opener<V> {
    V open() throws IOException;
  }

  private static <K, V> V open(Map<K, V> cache, K key, Opener<V> opener) throws IOException {
    try {
      return cache.computeIfAbsent(
          key,
          k -> {
            try {
              return opener.open();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
