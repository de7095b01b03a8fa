package io.memtrace.cli.console;

import io.memtrace.studies.Reporter;
import java.io.PrintWriter;

/** A runner's notes on the command's output, its progress as bars on standard error. */
public record ConsoleReporter(PrintWriter out) implements Reporter {
  @Override
  public void note(String line) {
    out.println(line);
  }

  @Override
  public Meter progress(String task, long total, String unit, long unitSize) {
    return ProgressBars.open(task, total, unit, unitSize);
  }
}
