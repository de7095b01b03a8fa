package io.memtrace.cli;

import io.memtrace.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;

/** A console progress bar on standard error that core code advances through {@link Progress}. */
final class ProgressBars implements Progress, AutoCloseable {
  private final ProgressBar bar;

  private ProgressBars(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar over {@code total} units ({@code -1} if unknown) shown as {@code unit} of size {@code unitSize}. */
  static ProgressBars open(String task, long total, String unit, long unitSize) {
    return new ProgressBars(
        ProgressBar.builder()
            .setTaskName(task)
            .setInitialMax(total)
            .setUnit(unit, unitSize)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .showSpeed()
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
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
