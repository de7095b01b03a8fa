package io.memtrace.cli;

import picocli.CommandLine.Command;

/** {@code memtrace suite ...}: the miniature Pythia suite trained on the embedded corpus. */
@Command(
    name = "suite",
    mixinStandardHelpOptions = true,
    description = "Train a suite of GPT-NeoX models of several sizes on the same rows.",
    subcommands = {SuiteTrainCommand.class})
final class SuiteCommand {}
