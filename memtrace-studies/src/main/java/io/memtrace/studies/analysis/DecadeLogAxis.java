package io.memtrace.studies.analysis;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 log axis whose ticks sit at 1, 2 and 5 times powers of ten (every power alone when the
 * range spans many decades), labelled 1, 2, 5, 10, ..., 100k, 1M: values a reader names, where
 * JFreeChart's log axis would place ticks at fractional powers (25.12k, 31.62k).
 */
final class DecadeLogAxis extends LogAxis {
  DecadeLogAxis(String label) {
    super(label);
    setBase(10);
    setNumberFormatOverride(new CompactNumberFormat());
    setSmallestValue(1e-9);
  }

  @Override
  protected List<Tick> refreshTicksHorizontal(
      Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    List<Tick> ticks = new ArrayList<>();
    double lo = getLowerBound();
    double hi = getUpperBound();
    int first = (int) Math.floor(Math.log10(Math.max(lo, 1e-9)));
    int last = (int) Math.ceil(Math.log10(Math.max(hi, 1e-9)));
    int[] mantissas = last - first > 4 ? new int[] {1} : new int[] {1, 2, 5};
    TextAnchor anchor =
        edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
    for (int e = first; e <= last; e++) {
      for (int m : mantissas) {
        double v = m * Math.pow(10, e);
        if (v >= lo && v <= hi) {
          ticks.add(
              new NumberTick(v, getNumberFormatOverride().format(v), anchor, TextAnchor.CENTER, 0));
        }
      }
    }
    return ticks;
  }
}
