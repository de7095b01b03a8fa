package io.memtrace.spark;

import io.memtrace.Progress;
import io.memtrace.cli.options.ByteSize;
import io.memtrace.index.IndexReader;
import io.memtrace.index.IndexWriter;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memtrace spark bench-index}: the index of one store built by the single-JVM builder and by
 * {@link IndexBuildJob} with the same shard budget, side by side, and the shards' throughput that
 * the README's scaling table starts from.
 */
@Command(
    name = "bench-index",
    mixinStandardHelpOptions = true,
    description = {
      "Index build of a store: memtrace index build (one JVM, all cores) vs the Spark job (one"
          + " shard per task, one thread each), same shards; prints seconds and tokens/s per task.",
      "Example: memtrace spark bench-index --store /tmp/bench100m --memory 1g --master local[2]"
    })
final class SparkBenchIndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkCommand.MasterOption master;

  @Option(names = "--store", required = true, paramLabel = "STORE")
  Path store;

  @Option(
      names = "--memory",
      converter = ByteSize.class,
      defaultValue = "1g",
      description = "Peak heap of one shard's build (both builders).")
  long memory;

  @Option(
      names = "--task-threads",
      converter = io.memtrace.cli.options.Counts.Positive.class,
      defaultValue = "1",
      description = "Threads of one Spark task's suffix sort.")
  int taskThreads;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Where the two indexes go (deleted after); default: a temporary directory.")
  Path work;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = work == null ? Files.createTempDirectory("memtrace-bench-index") : work;
    Files.createDirectories(dir);
    Path single = dir.resolve("single.index");
    Path spark = dir.resolve("spark.index");
    try {
      var session = master.session("bench-index");
      int cores = session.sparkContext().defaultParallelism();
      double singleSeconds;
      long tokens;
      try (TokenStore s = TokenStore.open(store)) {
        tokens = s.tokenCount();
        long start = System.nanoTime();
        IndexWriter.build(
            s,
            StoreMetadata.readIfPresent(store),
            single,
            new IndexWriter.Options(memory, cores),
            Progress.NONE);
        singleSeconds = (System.nanoTime() - start) / 1e9;
      }
      var result =
          IndexBuildJob.run(
              session,
              new IndexBuildJob.Settings(store, spark.toUri().toString(), memory, taskThreads),
              TaskProbe.NONE);
      int shards = result.manifest().shards().size();
      out.printf(
          "store %s: %,d tokens, %d shards of at most %,d bytes of heap%n",
          store, tokens, shards, memory);
      out.printf(
          "single JVM (%d threads):  %7.1f s  %,12.0f tokens/s%n",
          cores, singleSeconds, tokens / singleSeconds);
      out.printf(
          "spark %s (%d tasks at once, %d threads each): %7.1f s  %,12.0f tokens/s, %,.0f tokens/s"
              + " per task%n",
          session.sparkContext().master(),
          Math.min(cores, shards),
          taskThreads,
          result.seconds(),
          tokens / result.seconds(),
          tokens / result.seconds() / Math.min(cores, shards));
      out.printf(
          "check: %s%n",
          sameCounts(single, spark)
              ? "both indexes count 1,000 random n-grams alike"
              : "COUNTS DIFFER");
      return 0;
    } finally {
      OutputDirectory.deleteLocalTree(single);
      OutputDirectory.deleteLocalTree(spark);
      if (work == null) OutputDirectory.deleteLocalTree(dir);
    }
  }

  /** Counts of 1,000 n-grams cut from the store at random, in both indexes. */
  private boolean sameCounts(Path a, Path b) throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    try (TokenStore s = TokenStore.open(store);
        IndexReader x = IndexReader.open(a);
        IndexReader y = IndexReader.open(b)) {
      for (int i = 0; i < 1000; i++) {
        long at = random.nextLong(s.tokenCount() - 8);
        int[] ngram = s.tokens(at, at + 1 + random.nextInt(6));
        if (x.count(ngram) != y.count(ngram)) return false;
      }
    }
    return true;
  }
}
