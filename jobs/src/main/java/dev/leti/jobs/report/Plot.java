package dev.leti.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A chart ready to save, with the caption that says what it shows (and what it leaves out). */
record Plot(Chart<?, ?> chart, String caption) {
  static final int WIDTH = 640;
  static final int HEIGHT = 480;
  /** One colour per model, the same in every chart. */
  static final List<String> MODELS = List.of("gbt", "loglinear_macs", "loglinear_params", "lookup_table",
      "interaction_ridge");
  static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
      new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
      new Color(127, 127, 127)};

  static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** A model's colour: its place among the known models, after them for others. */
  static Color modelColor(String model, List<String> present) {
    int known = MODELS.indexOf(model);
    return color(known >= 0 ? known : MODELS.size() + present.indexOf(model));
  }

  /** An empty x/y chart with the report's style; log-log when asked. */
  static XYChart xy(String title, String xTitle, String yTitle, boolean logLog) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    XYStyler style = chart.getStyler();
    style.setXAxisLogarithmic(logLog);
    style.setYAxisLogarithmic(logLog);
    style.setPlotGridLinesColor(new Color(225, 225, 230));
    style.setLegendPosition(Styler.LegendPosition.InsideNW);
    style.setMarkerSize(5);
    style.setChartBackgroundColor(Color.WHITE);
    style.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    return chart;
  }

  /**
   * Tick labels of log axes fitted to the data: the powers of ten when an axis spans more than 30×, else
   * 1..9 × 10^n as well (a latency range often lies within a decade or so, where powers alone give one label).
   */
  static XYChart fitLogAxes(XYChart chart) {
    double[] x = span(chart, true);
    double[] y = span(chart, false);
    chart.getStyler().setXAxisLogarithmicDecadeOnly(x[1] > 30 * x[0]);
    chart.getStyler().setYAxisLogarithmicDecadeOnly(y[1] > 30 * y[0]);
    return chart;
  }

  private static double[] span(XYChart chart, boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double v : x ? series.getXData() : series.getYData()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return new double[] {lo, hi};
  }

  /** A straight reference line (y = factor · x) across [lo, hi]; straight on log-log axes too. */
  static XYSeries referenceLine(XYChart chart, String name, double factor, double lo, double hi, Color color,
      boolean dashed) {
    XYSeries line = chart.addSeries(name, new double[] {lo, hi}, new double[] {factor * lo, factor * hi});
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE)
        .setLineColor(color);
    line.setLineStyle(dashed ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
        new float[] {6, 4}, 0) : new BasicStroke(1.2f));
    return line;
  }
}
