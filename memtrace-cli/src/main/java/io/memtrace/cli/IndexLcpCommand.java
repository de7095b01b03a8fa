package io.memtrace.cli;

import io.memtrace.cli.console.ProgressBars;
import io.memtrace.index.IndexReader;
import io.memtrace.index.LcpFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "lcp",
    mixinStandardHelpOptions = true,
    description = {
      "Add the LCP file to every shard of a built index that lacks one (as `index build --lcp`"
          + " writes): linear time after the suffix array, 12 bytes of memory per token of a shard.",
      "Example: memtrace index lcp --index data/europarl.index"
    })
final class IndexLcpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The index.")
  Path index;

  @Override
  public Integer call() throws Exception {
    long total;
    try (IndexReader reader = IndexReader.open(index)) {
      total = reader.shards().stream().mapToLong(s -> s.length()).sum();
    }
    long start = System.nanoTime();
    int added;
    try (var bar = ProgressBars.open("lcp", total, "Mtok", 1_000_000)) {
      added = LcpFiles.add(index, bar);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "%s: LCP files added to %d shard(s), %.1f s%n",
            index, added, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
