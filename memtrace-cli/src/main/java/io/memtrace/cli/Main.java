package io.memtrace.cli;

import picocli.CommandLine;

public final class Main {
  public static void main(String[] args) {
    System.exit(new CommandLine(new MemtraceCommand()).execute(args));
  }
}
