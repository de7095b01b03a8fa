package io.memtrace.cli.bench;

import picocli.CommandLine.Command;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks against the real alternative, run side by side in one run; prints the ratio.",
    subcommands = {
      BenchIngestCommand.class,
      BenchIndexCommand.class,
      BenchWindowsCommand.class,
      BenchScoreCommand.class,
      BenchDecodeCommand.class,
      BenchMatmulCommand.class,
      BenchTrainCommand.class,
      BenchMemorizeCommand.class,
      BenchMemoryCommand.class,
      BenchCooccurCommand.class,
      BenchSaCommand.class,
      BenchSpansCommand.class,
      BenchServeCommand.class
    })
public final class BenchCommand {}
