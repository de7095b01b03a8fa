package io.memtrace.studies.analysis;

/**
 * How study B bins examples by coverage (the documents holding the example's task-gram pairs at one
 * n) to plot performance against it. The paper's released code ({@code plot_performance.py}) uses
 * {@code bins} bins of equal width over (0, {@code max}) and leaves out examples outside it; with
 * {@code quantiles}, the examples of positive coverage are split into {@code bins} groups of about
 * equal size instead (equal coverages stay in one bin), for corpora whose counts sit far from the
 * paper's scale.
 */
public record CoverageBins(int bins, long max, boolean quantiles) {
  /** The paper's: 5 bins of width 200 over (0, 1000). */
  public static final CoverageBins PAPER = new CoverageBins(5, 1000, false);

  public CoverageBins {
    if (bins < 1) throw new IllegalArgumentException("coverage bins must be at least 1: " + bins);
    if (max < bins) {
      throw new IllegalArgumentException(
          "coverage maximum " + max + " is below the number of bins " + bins);
    }
  }
}
