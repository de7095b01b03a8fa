package io.memtrace.cli;

import picocli.CommandLine.Command;

@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    description = "Turn text corpora into token stores and describe stores.",
    subcommands = {CorpusIngestCommand.class, CorpusStatsCommand.class})
final class CorpusCommand {}
