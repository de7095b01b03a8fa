package io.memtrace.spark;

import io.memtrace.BadInputException;
import io.memtrace.cli.options.Counts;
import io.memtrace.studies.tracing.TaskSpecs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
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
      "Example: memtrace spark count --index /shared/pile.index --task wmt09-de.jsonl --min-n 2"
          + " --max-n 5 --out hdfs:///counts/wmt-de"
    })
final class SparkCountCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkCommand.MasterOption master;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "The index.")
  Path index;

  static final class Pairs {
    @Option(
        names = "--pairs",
        paramLabel = "FILE",
        description = "JSON Lines of {\"input\": TEXT, \"output\": TEXT}.")
    Path file;

    @Option(
        names = "--task",
        split = ",",
        paramLabel = "TASK",
        description =
            "Tasks as trace takes them (countries, countries:LANG, a task file): every candidate"
                + " pair of their examples, before the embedding filter.")
    List<String> tasks;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Pairs pairs;

  @Option(names = "--min-n", converter = Counts.Positive.class, defaultValue = "2")
  int minN;

  @Option(names = "--max-n", converter = Counts.Positive.class, defaultValue = "5")
  int maxN;

  @Option(
      names = "--tokenizer",
      paramLabel = "T",
      description = "The index's tokenizer.json; default: the one the index records.")
  Path tokenizer;

  @Option(names = "--out", required = true, paramLabel = "URI", description = "Parquet output.")
  String out;

  @Override
  public Integer call() throws Exception {
    if (maxN < minN) throw new BadInputException("--max-n " + maxN + " is below --min-n " + minN);
    List<PairCountJob.Pair> list =
        pairs.file != null
            ? PairCountJob.read(pairs.file)
            : PairCountJob.candidates(
                TaskSpecs.load(pairs.tasks, null, null, null, null), minN, maxN);
    var result =
        PairCountJob.run(
            master.session("count"),
            new PairCountJob.Settings(index, list, tokenizer, out),
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
