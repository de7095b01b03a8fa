package io.memtrace.cli.bench;

import io.memtrace.index.IndexReader;
import io.memtrace.index.Shard;
import java.util.Random;

/** N-grams drawn from an index's own text, the queries of the index benchmarks. */
final class NgramSamples {
  private NgramSamples() {}

  /** {@code n} consecutive tokens of one document, at a random place of the indexed text. */
  static int[] sample(IndexReader reader, Random random, int n) {
    long total = reader.shards().stream().mapToLong(Shard::length).sum();
    while (true) {
      long global = random.nextLong(total);
      Shard s = reader.shards().getFirst();
      for (Shard shard : reader.shards()) {
        s = shard;
        if (global < shard.length()) break;
        global -= shard.length();
      }
      int at = (int) global;
      if (at + n > s.length()) continue;
      int[] q = s.tokens(at, at + n);
      boolean inside = true;
      for (int t : q) inside &= t < reader.vocabSize();
      if (inside) return q;
    }
  }
}
