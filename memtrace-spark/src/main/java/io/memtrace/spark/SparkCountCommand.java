package io.memtrace.spark;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memtrace spark count}: {@link PairCountJob}. */
@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    description = {
      "Study B's counting: documents of each side and of both for task-gram pairs, one task per"
          + " index shard, summed over shards. Equal to the counts trace computes on the index.",
      "Example: memtrace spark count --index /shared/pile.index --pairs pairs.jsonl --out"
          + " hdfs:///counts/wmt"
    })
final class SparkCountCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkCommand.MasterOption master;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "The index.")
  Path index;

  @Option(
      names = "--pairs",
      required = true,
      paramLabel = "FILE",
      description = "JSON Lines of {\"input\": TEXT, \"output\": TEXT}.")
  Path pairs;

  @Option(
      names = "--tokenizer",
      paramLabel = "T",
      description = "The index's tokenizer.json; default: the one the index records.")
  Path tokenizer;

  @Option(names = "--out", required = true, paramLabel = "URI", description = "Parquet output.")
  String out;

  @Override
  public Integer call() throws Exception {
    var result =
        PairCountJob.run(
            master.session("count"),
            new PairCountJob.Settings(index, pairs, tokenizer, out),
            TaskProbe.NONE);
    long kept = result.pairs().stream().filter(p -> p.documentsBoth() > 0).count();
    spec.commandLine()
        .getOut()
        .printf(
            "%,d pairs (%,d co-occur in some document) counted over %d shards -> %s (%.1f s)%n",
            result.pairs().size(), kept, result.shards(), out, result.seconds());
    return 0;
  }
}
