package io.memtrace.spark;

import io.memtrace.cli.options.ByteSize;
import io.memtrace.cli.options.Counts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace spark index}: {@link IndexBuildJob}. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Build the suffix-array index of a token store, one shard per task; the driver writes the"
          + " manifest when every shard is in place. Answers every query as memtrace index build's"
          + " index of the same store.",
      "Example: memtrace spark index --store /shared/pile --out hdfs:///indexes/pile --memory 24g"
    })
final class SparkIndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkCommand.MasterOption master;

  @Option(
      names = "--store",
      required = true,
      paramLabel = "STORE",
      description = "Token store, on a file system every executor mounts.")
  Path store;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "URI",
      description = "Index directory: a path or file:, hdfs:, s3a: URI.")
  String out;

  @Option(
      names = "--memory",
      converter = ByteSize.class,
      defaultValue = "2g",
      description = "Peak heap of one task's shard (e.g. 24g); sets the shard size.")
  long memory;

  @Option(
      names = "--threads",
      converter = Counts.Positive.class,
      defaultValue = "1",
      description = "Threads of one task's suffix sort (spark.task.cpus).")
  int threads;

  @Override
  public Integer call() throws Exception {
    var result =
        IndexBuildJob.run(
            master.session("index"),
            new IndexBuildJob.Settings(store, out, memory, threads),
            TaskProbe.NONE);
    spec.commandLine()
        .getOut()
        .printf(
            "%,d documents, %,d tokens, %d shards -> %s (%.1f s)%n",
            result.manifest().storeDocuments(),
            result.manifest().storeTokens(),
            result.manifest().shards().size(),
            out,
            result.seconds());
    return 0;
  }
}
