package io.memtrace.studies.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.memtrace.AtomicWrite;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Figures of the analyses, each written as {@code NAME.png} and {@code NAME.svg} (JFreeChart,
 * headless) with the data drawn as {@code NAME.json} (kind, title, axis labels and the series or
 * matrix exactly as plotted, so a figure can be checked against its table), each through a
 * temporary file renamed into place.
 */
public final class Figures {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Figures() {}

  /**
   * Okabe and Ito's colour-blind-safe palette, in the same order in every figure: a series keeps
   * its colour from figure to figure when it keeps its place.
   */
  static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xE69F00),
    new Color(0x009E73),
    new Color(0xD55E00),
    new Color(0xCC79A7),
    new Color(0x56B4E9),
    new Color(0xF0E442),
    Color.BLACK
  };

  /**
   * Grouped bars: for each series (legend entry), a value per category. A category a series lacks
   * is drawn as zero; a series without values is left out.
   */
  public static void bars(
      Path dir,
      String name,
      String title,
      String xLabel,
      String yLabel,
      Map<String, Map<String, Double>> series)
      throws IOException {
    Set<String> categories = new LinkedHashSet<>();
    series.values().forEach(values -> categories.addAll(values.keySet()));
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    series.forEach(
        (s, values) -> {
          if (!values.isEmpty()) {
            for (String cat : categories) data.addValue(values.getOrDefault(cat, 0.0), s, cat);
          }
        });
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    var renderer =
        (org.jfree.chart.renderer.category.BarRenderer) chart.getCategoryPlot().getRenderer();
    renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
    renderer.setShadowVisible(false);
    for (int i = 0; i < data.getRowCount(); i++)
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    // Bars all near one value (all 0: no example scored) would otherwise get an axis of +-5E-9.
    double largest =
        series.values().stream()
            .flatMap(v -> v.values().stream())
            .mapToDouble(Math::abs)
            .max()
            .orElse(0);
    ((NumberAxis) chart.getCategoryPlot().getRangeAxis())
        .setAutoRangeMinimumSize(largest > 0 ? largest / 10 : 1);
    style(chart);
    write(dir, name, chart);
    writeData(
        dir,
        name,
        Map.of("kind", "bars", "title", title, "x", xLabel, "y", yLabel, "series", series));
  }

  /**
   * Lines through (x, y) points, one per series (a series without points is left out); {@code logX}
   * for a log-scaled x axis labelled 1, 2, 5, 10, ..., 1M (points at x <= 0 cannot be drawn there
   * and are left out of it).
   */
  public static void lines(
      Path dir,
      String name,
      String title,
      String xLabel,
      String yLabel,
      Map<String, List<double[]>> series,
      boolean logX)
      throws IOException {
    xy(dir, name, title, xLabel, yLabel, series, logX, false);
  }

  /**
   * Lines of means with their 95% intervals as shaded bands: points (x, mean, low, high), one
   * series each; {@code logX} as for {@link #lines}. A point without an interval (NaN) gets a band
   * of zero width.
   */
  public static void bands(
      Path dir,
      String name,
      String title,
      String xLabel,
      String yLabel,
      Map<String, List<double[]>> series,
      boolean logX)
      throws IOException {
    xy(dir, name, title, xLabel, yLabel, series, logX, true);
  }

  /**
   * Lines through (x, y, p) points, one per series, on a log-scaled x axis, with the points whose
   * p-value is .05 or more drawn over in grey, as study B's figures mark correlations that are not
   * significant.
   */
  public static void significanceLines(
      Path dir,
      String name,
      String title,
      String xLabel,
      String yLabel,
      Map<String, List<double[]>> series)
      throws IOException {
    JFreeChart chart = xyChart(title, xLabel, yLabel, series, true, false);
    XYSeries grey = new XYSeries("p >= .05 (grey)", false, true);
    series.values().stream()
        .flatMap(List::stream)
        .filter(p -> p[0] > 0 && !(p[2] < .05))
        .forEach(p -> grey.add(p[0], p[1]));
    XYPlot plot = chart.getXYPlot();
    var shapes = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(false, true);
    shapes.setSeriesPaint(0, Color.GRAY);
    shapes.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
    plot.setDataset(1, new XYSeriesCollection(grey));
    plot.setRenderer(1, shapes);
    plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
    write(dir, name, chart);
    Map<String, Object> drawn = new TreeMap<>();
    drawn.putAll(Map.of("kind", "significance lines", "title", title, "x", xLabel, "y", yLabel));
    drawn.put("series", series);
    drawn.put("points", "x, y, p-value; grey where p >= .05");
    writeData(dir, name, drawn);
  }

  private static void xy(
      Path dir,
      String name,
      String title,
      String xLabel,
      String yLabel,
      Map<String, List<double[]>> series,
      boolean logX,
      boolean bands)
      throws IOException {
    write(dir, name, xyChart(title, xLabel, yLabel, series, logX, bands));
    Map<String, Object> drawn = new TreeMap<>();
    drawn.putAll(
        Map.of("kind", bands ? "bands" : "lines", "title", title, "x", xLabel, "y", yLabel));
    drawn.put("series", series);
    if (bands) drawn.put("interval", "95% bootstrap over rows");
    writeData(dir, name, drawn);
  }

  private static JFreeChart xyChart(
      String title,
      String xLabel,
      String yLabel,
      Map<String, List<double[]>> series,
      boolean logX,
      boolean bands) {
    var data = new org.jfree.data.xy.YIntervalSeriesCollection();
    series.forEach(
        (s, points) -> {
          var xy = new org.jfree.data.xy.YIntervalSeries(s, false, true);
          for (double[] p : points) {
            if (logX && p[0] <= 0) continue;
            boolean band = bands && !Double.isNaN(p[2]) && !Double.isNaN(p[3]);
            xy.add(p[0], p[1], band ? p[2] : p[1], band ? p[3] : p[1]);
          }
          if (xy.getItemCount() > 0) data.addSeries(xy);
        });
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    if (logX) plot.setDomainAxis(new DecadeLogAxis(xLabel));
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    var renderer = new org.jfree.chart.renderer.xy.DeviationRenderer(true, true);
    renderer.setAlpha(0.2f);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesFillPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new java.awt.BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    style(chart);
    return chart;
  }

  /** Points without lines, one colour per series (a series without points is left out). */
  public static void scatter(
      Path dir,
      String name,
      String title,
      String xLabel,
      String yLabel,
      Map<String, List<double[]>> series)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach(
        (s, points) -> {
          XYSeries xy = new XYSeries(s, false, true);
          for (double[] p : points) xy.add(p[0], p[1]);
          if (xy.getItemCount() > 0) data.addSeries(xy);
        });
    JFreeChart chart =
        ChartFactory.createScatterPlot(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    var renderer = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(false, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
    }
    chart.getXYPlot().setRenderer(renderer);
    style(chart);
    write(dir, name, chart);
    writeData(
        dir,
        name,
        Map.of("kind", "scatter", "title", title, "x", xLabel, "y", yLabel, "series", series));
  }

  /** A matrix of probabilities in [0, 1] (see the general form below). */
  public static void heatmap(
      Path dir,
      String name,
      String title,
      String xLabel,
      String yLabel,
      String[] labels,
      double[][] values)
      throws IOException {
    heatmap(dir, name, title, xLabel, yLabel, labels, values, 0, 1, "probability");
  }

  /**
   * A matrix of values in [lo, hi] as cells from white (lo) to the palette's blue (hi), each cell
   * annotated with its value; rows and columns labelled.
   */
  public static void heatmap(
      Path dir,
      String name,
      String title,
      String xLabel,
      String yLabel,
      String[] labels,
      double[][] values,
      double lo,
      double hi,
      String scaleLabel)
      throws IOException {
    int k = labels.length;
    double[] xs = new double[k * k];
    double[] ys = new double[k * k];
    double[] zs = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        xs[i * k + j] = j;
        ys[i * k + j] = i;
        zs[i * k + j] = values[i][j];
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("p", new double[][] {xs, ys, zs});
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockAnchor(org.jfree.chart.ui.RectangleAnchor.CENTER);
    renderer.setPaintScale(
        new org.jfree.chart.renderer.PaintScale() {
          @Override
          public double getLowerBound() {
            return lo;
          }

          @Override
          public double getUpperBound() {
            return hi;
          }

          @Override
          public java.awt.Paint getPaint(double v) {
            // white to the palette's blue: sequential, readable without colour vision
            double t = hi > lo ? Math.max(0, Math.min(1, (v - lo) / (hi - lo))) : 1;
            Color hi = PALETTE[0];
            return new Color(
                (int) Math.round(255 + t * (hi.getRed() - 255)),
                (int) Math.round(255 + t * (hi.getGreen() - 255)),
                (int) Math.round(255 + t * (hi.getBlue() - 255)));
          }
        });
    XYPlot plot =
        new XYPlot(data, new SymbolAxis(xLabel, labels), new SymbolAxis(yLabel, labels), renderer);
    plot.setBackgroundPaint(Color.WHITE);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        var note =
            new org.jfree.chart.annotations.XYTextAnnotation(
                String.format(hi - lo < 0.1 ? "%.4f" : "%.2f", values[i][j]), j, i);
        note.setPaint((values[i][j] - lo) > 0.5 * (hi - lo) ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(note);
      }
    }
    JFreeChart chart = new JFreeChart(title, plot);
    chart.removeLegend();
    NumberAxis legendAxis = new NumberAxis(scaleLabel);
    legendAxis.setRange(lo, hi > lo ? hi : lo + 1);
    PaintScaleLegend legend = new PaintScaleLegend(renderer.getPaintScale(), legendAxis);
    legend.setPosition(org.jfree.chart.ui.RectangleEdge.RIGHT);
    chart.addSubtitle(legend);
    style(chart);
    write(dir, name, chart);
    writeData(
        dir,
        name,
        Map.of(
            "kind",
            "heatmap",
            "title",
            title,
            "x",
            xLabel,
            "y",
            yLabel,
            "labels",
            List.of(labels),
            "values",
            values));
  }

  /** {@code name} with every character a file name may not hold replaced by '_'. */
  public static String fileName(String name) {
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** White everywhere, light grid lines, the title at a readable size. */
  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new java.awt.Font("SansSerif", java.awt.Font.BOLD, 15));
    var plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(new Color(0xDDDDDD));
      xy.setRangeGridlinePaint(new Color(0xDDDDDD));
    } else if (plot instanceof org.jfree.chart.plot.CategoryPlot cat) {
      cat.setRangeGridlinePaint(new Color(0xDDDDDD));
    }
  }

  private static void writeData(Path dir, String name, Map<String, Object> data)
      throws IOException {
    AtomicWrite.write(dir.resolve(name + ".json"), o -> JSON.writeValue(o, new TreeMap<>(data)));
  }

  private static void write(Path dir, String name, JFreeChart chart) throws IOException {
    Files.createDirectories(dir);
    chart.setBackgroundPaint(Color.WHITE);
    AtomicWrite.write(
        dir.resolve(name + ".png"), o -> ChartUtils.writeChartAsPNG(o, chart, WIDTH, HEIGHT));
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    byte[] svg = g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
    AtomicWrite.write(dir.resolve(name + ".svg"), o -> o.write(svg));
  }
}
