package io.memtrace.spark;

import io.memtrace.Progress;
import io.memtrace.index.IndexManifest;
import io.memtrace.index.IndexWriter;
import io.memtrace.tokens.StoreMetadata;
import io.memtrace.tokens.TokenStore;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The suffix-array index of a token store built by Spark: the driver cuts the store's documents
 * into shards as {@link IndexWriter#plan} does, each task builds one self-contained shard with
 * {@link IndexWriter#buildShard} (core's SA-IS and shard format) under {@code OUT/_temporary/} (in
 * place on a local file system, else in a local directory and uploaded), and the driver, once every
 * shard is there, renames the shards into place and writes the manifest last: a directory without
 * {@code manifest.mti} is no index, so a failed or speculative task never leaves a visible half
 * index. The result is the index {@code memtrace index build --memory M} writes for the same store,
 * with another index id.
 *
 * <p>The store is read in place by every executor (memory-mapped): it must be on a file system they
 * all mount. The output may be any Hadoop-compatible file system.
 */
public final class IndexBuildJob {
  private IndexBuildJob() {}

  /**
   * @param store the token store's prefix (or either file)
   * @param out the index directory, a path or a Hadoop file system URI
   * @param shardMemoryBytes peak heap of building one shard: the task's share of an executor
   * @param threads threads of one task's suffix sort
   */
  public record Settings(Path store, String out, long shardMemoryBytes, int threads) {}

  /** What the build wrote: its manifest and the seconds the Spark job took. */
  public record Result(IndexManifest manifest, double seconds) {}

  private record Built(int shard, String attempt, IndexManifest.Shard described)
      implements Serializable {}

  public static Result run(SparkSession spark, Settings s, TaskProbe probe) throws IOException {
    long start = System.nanoTime();
    var conf = spark.sparkContext().hadoopConfiguration();
    OutputDirectory out = OutputDirectory.of(s.out(), conf);
    try (TokenStore store = TokenStore.open(s.store())) {
      StoreMetadata metadata = StoreMetadata.readIfPresent(s.store());
      int vocab = IndexWriter.vocabulary(store, metadata);
      List<IndexWriter.ShardPlan> plans = IndexWriter.plan(store, vocab, s.shardMemoryBytes());
      out.prepare(IndexBuildJob::isIndexFile, "an index", true, IndexManifest.FILE::equals);
      byte[] id = IndexWriter.newId();
      HadoopConf hadoop = new HadoopConf(conf);
      String root = out.root().toString();
      String storePath = s.store().toAbsolutePath().toString();
      int threads = s.threads();
      List<Integer> shards = IntStream.range(0, plans.size()).boxed().toList();
      List<Built> built =
          new JavaSparkContext(spark.sparkContext())
              .parallelize(shards, Math.max(1, shards.size()))
              .map(
                  n ->
                      buildShard(
                          storePath, threads, plans.get(n), n, id, vocab, root, hadoop, probe))
              .collect();
      List<IndexManifest.Shard> described = new ArrayList<>();
      for (Built b : built.stream().sorted(Comparator.comparingInt(Built::shard)).toList()) {
        out.publish(out.attempt(b.attempt()));
        described.add(b.described());
      }
      IndexManifest manifest = IndexWriter.manifest(store, metadata, vocab, described);
      Path local = Files.createTempDirectory("memtrace-manifest");
      try {
        manifest.write(local, id);
        out.write(IndexManifest.FILE, Files.readAllBytes(local.resolve(IndexManifest.FILE)));
      } finally {
        OutputDirectory.deleteLocalTree(local);
      }
      out.deleteTemporary();
      return new Result(manifest, (System.nanoTime() - start) / 1e9);
    }
  }

  private static Built buildShard(
      String storePath,
      int threads,
      IndexWriter.ShardPlan plan,
      int number,
      byte[] id,
      int vocab,
      String root,
      HadoopConf hadoop,
      TaskProbe probe)
      throws IOException {
    TaskContext task = TaskContext.get();
    String attempt = "shard-%05d-attempt-%d".formatted(number, task.taskAttemptId());
    TokenStore store = ExecutorCache.store(Path.of(storePath), null);
    OutputDirectory out = OutputDirectory.of(root, hadoop.get());
    Path direct = out.local(out.attempt(attempt));
    // On a local (or locally mounted) output the shard is written in place, else uploaded.
    Path local = direct != null ? direct : Files.createTempDirectory("memtrace-shard");
    try {
      Files.createDirectories(local);
      IndexManifest.Shard shard =
          IndexWriter.buildShard(store, plan, local, number, id, vocab, threads, Progress.NONE);
      if (direct == null) out.upload(local, out.attempt(attempt));
      probe.reached("written", task.partitionId(), task.attemptNumber());
      return new Built(number, attempt, shard);
    } finally {
      if (direct == null) OutputDirectory.deleteLocalTree(local);
    }
  }

  static boolean isIndexFile(String name) {
    return name.equals(IndexManifest.FILE) || name.matches("shard-\\d{5,}\\.(tokens|sa|docs)");
  }
}
