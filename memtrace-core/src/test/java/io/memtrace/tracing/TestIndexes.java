package io.memtrace.tracing;

import io.memtrace.Progress;
import io.memtrace.index.IndexReader;
import io.memtrace.index.IndexWriter;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.TokenStoreWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A token store of given documents and its suffix-array index, for the tracing tests. */
final class TestIndexes {
  private TestIndexes() {}

  /**
   * Writes {@code documents} as a store under {@code dir} and indexes it.
   *
   * @param memoryBytes the build's memory budget; a tiny one makes many shards
   */
  static IndexReader build(Path dir, List<int[]> documents, int vocab, long memoryBytes)
      throws IOException {
    Path prefix = dir.resolve("store");
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, vocab)) {
      for (int[] doc : documents) w.add(doc);
      w.commit();
    }
    try (TokenStore store = TokenStore.open(prefix)) {
      IndexWriter.build(
          store,
          null,
          dir.resolve("index"),
          new IndexWriter.Options(memoryBytes, 1),
          Progress.NONE);
    }
    return IndexReader.open(dir.resolve("index"));
  }
}
