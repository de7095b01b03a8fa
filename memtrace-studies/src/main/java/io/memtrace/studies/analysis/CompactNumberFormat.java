package io.memtrace.studies.analysis;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/** Axis labels a reader takes in at a glance: 1, 10, 100, 1k, 10k, 100k, 1M, 1B. */
final class CompactNumberFormat extends NumberFormat {
  private static final double[] SCALES = {1e9, 1e6, 1e3};
  private static final String[] SUFFIXES = {"B", "M", "k"};

  @Override
  public StringBuffer format(double v, StringBuffer out, FieldPosition pos) {
    for (int i = 0; i < SCALES.length; i++) {
      if (Math.abs(v) >= SCALES[i]) return out.append(plain(v / SCALES[i])).append(SUFFIXES[i]);
    }
    return out.append(plain(v));
  }

  @Override
  public StringBuffer format(long v, StringBuffer out, FieldPosition pos) {
    return format((double) v, out, pos);
  }

  @Override
  public Number parse(String source, ParsePosition pos) {
    throw new UnsupportedOperationException("axis labels are only written");
  }

  /** Up to two decimals, without trailing zeros. */
  private static String plain(double v) {
    String s = String.format(java.util.Locale.ROOT, "%.2f", v);
    return s.replaceAll("\\.?0+$", "");
  }
}
