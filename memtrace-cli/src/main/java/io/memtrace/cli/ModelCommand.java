package io.memtrace.cli;

import picocli.CommandLine.Command;

@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Inspect language models (Hugging Face directories).",
    subcommands = {ModelInfoCommand.class})
final class ModelCommand {}
