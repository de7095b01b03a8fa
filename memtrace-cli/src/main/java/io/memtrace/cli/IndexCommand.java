package io.memtrace.cli;

import io.memtrace.cli.console.ProgressBars;
import io.memtrace.index.IndexReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Build suffix-array n-gram indexes of token stores and query them.",
    subcommands = {
      IndexBuildCommand.class,
      IndexCommand.Verify.class,
      IndexLcpCommand.class,
      IndexWindowsCommand.class,
      IndexCountCommand.class,
      IndexLocateCommand.class,
      IndexNtdCommand.class,
      IndexInfgramCommand.class,
      IndexSpansCommand.class,
      IndexCooccurCommand.class,
      IndexBatchCommand.class
    })
final class IndexCommand {

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Read every byte of an index and compare every 64 KiB block's checksum and every"
            + " file's checksum, naming the file and the corrupted blocks (opening an index checks"
            + " sizes, headers and the blocks of files up to 64 MiB).",
        "Example: memtrace index verify --index data/europarl.index"
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin IndexQueryOptions index;

    @Override
    public Integer call() throws Exception {
      try (IndexReader reader = index.open()) {
        long total = reader.shards().stream().mapToLong(s -> s.length()).sum();
        try (var bar = ProgressBars.open("verify", total, "Mtok", 1_000_000)) {
          reader.verify(bar);
        }
        spec.commandLine()
            .getOut()
            .printf(
                "%s: %d shards, every checksum matches%n",
                reader.directory(), reader.shards().size());
      }
      return 0;
    }
  }
}
