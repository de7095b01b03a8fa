package io.memtrace.index;

import io.memtrace.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Adds the LCP file ({@link ShardWriter}) to every shard of a built index that lacks one: the
 * shard's text and suffix array are read into memory (8 bytes per symbol, plus 4 for the LCP), the
 * file is written under a temporary name ({@code shard-NNNNN.lcp.tmp}) and renamed into place, so
 * an interrupted run leaves no LCP file that looks valid.
 */
public final class LcpFiles {
  private LcpFiles() {}

  /**
   * Writes the missing LCP files of the index in {@code dir}; advances by shard length.
   *
   * @return how many shards got one
   */
  public static int add(Path dir, Progress progress) throws IOException {
    int added = 0;
    byte[] id;
    try (IndexReader index =
        IndexReader.open(dir, IndexReader.Options.DEFAULT.withSampleShare(0))) {
      dir = index.directory();
      id = index.id();
      for (Shard shard : index.shards()) {
        Path file = ShardWriter.lcpFile(dir, shard.number());
        if (shard.hasLcp()) {
          progress.advance(shard.length());
          continue;
        }
        int n = shard.length();
        int[] text = shard.tokens(0, n);
        int[] sa = new int[n];
        shard.suffixes(0, n, sa, 0);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        ShardWriter.writeLcp(tmp, id, new ShardText(null, text), sa, n, shard.vocabSize());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        added++;
        progress.advance(n);
      }
    }
    return added;
  }
}
