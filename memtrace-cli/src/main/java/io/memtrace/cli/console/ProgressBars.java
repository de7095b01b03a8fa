package io.memtrace.cli.console;

import io.memtrace.studies.Reporter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar on standard error that core code advances through {@link
 * io.memtrace.Progress}.
 */
public final class ProgressBars implements Reporter.Meter {
  private final ProgressBar bar;

  private ProgressBars(ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * A bar over {@code total} units ({@code -1} if unknown) shown as {@code unit} of size {@code
   * unitSize}.
   */
  public static ProgressBars open(String task, long total, String unit, long unitSize) {
    // On a terminal the bar redraws in place; in a log it prints a line every few seconds.
    boolean terminal = System.console() != null && System.console().isTerminal();
    return new ProgressBars(
        ProgressBar.builder()
            .setTaskName(task)
            .setInitialMax(total)
            .setUnit(unit, unitSize)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(terminal ? 500 : 5000)
            .showSpeed()
            .setConsumer(
                terminal
                    ? new ConsoleProgressBarConsumer(System.err)
                    : new DelegatingProgressBarConsumer(System.err::println))
            .continuousUpdate()
            .build());
  }

  @Override
  public void advance(long delta) {
    bar.stepBy(delta);
  }

  @Override
  public void close() {
    bar.close();
  }
}
