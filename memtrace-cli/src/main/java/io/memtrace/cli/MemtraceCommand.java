package io.memtrace.cli;

import picocli.CommandLine.Command;

@Command(name = "memtrace", mixinStandardHelpOptions = true, description = "x")
final class MemtraceCommand {}
