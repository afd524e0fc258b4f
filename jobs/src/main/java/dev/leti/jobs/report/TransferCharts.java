package dev.leti.jobs.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/** Charts of the transfer analysis: the source × target matrix and the few-shot curves of each target. */
final class TransferCharts {
  private TransferCharts() {}

  /** Source × target heat map of one metric, values written in the cells; pairs without a value stay empty. */
  static Plot heatMap(String title, String caption, List<ReportData.TransferCell> cells,
      ToDoubleFunction<ReportData.TransferCell> metric) {
    List<String> sources = new ArrayList<>(new TreeSet<>(cells.stream().map(ReportData.TransferCell::source).toList()));
    List<String> targets = new ArrayList<>(new TreeSet<>(cells.stream().map(ReportData.TransferCell::target).toList()));
    List<Number[]> values = new ArrayList<>();
    double lo = 0;
    for (ReportData.TransferCell c : cells) {
      double v = metric.applyAsDouble(c);
      if (!Double.isNaN(v)) {
        values.add(new Number[] {sources.indexOf(c.source()), targets.indexOf(c.target()), v});
        lo = Math.min(lo, v);
      }
    }
    int size = Math.max(Plot.HEIGHT, 160 + 60 * Math.max(sources.size(), targets.size()));
    HeatMapChart chart = new HeatMapChartBuilder().width(size + 160).height(size).title(title)
        .xAxisTitle("source device").yAxisTitle("target device").build();
    HeatMapStyler style = chart.getStyler();
    style.setShowValue(true).setMin(lo).setMax(1).setHeatMapValueDecimalPattern("0.00")
        .setRangeColors(new Color[] {new Color(215, 48, 39), new Color(255, 255, 191), new Color(26, 152, 80)});
    style.setXAxisLabelRotation(30);
    style.setChartBackgroundColor(Color.WHITE);
    style.setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.addSeries("value", sources, targets, values);
    return new Plot(chart, caption);
  }

  /**
   * ±10 % accuracy of each method against k for one target: the mean over seeds with ± one standard deviation.
   * The k values (0 and "all" among them) are spaced evenly and labelled, as a log axis could not show 0.
   */
  static Plot fewShot(String space, String target, List<ReportData.CurvePoint> points) {
    List<Integer> ks = new ArrayList<>(new TreeSet<>(points.stream().map(ReportData.CurvePoint::k).toList()));
    Map<String, List<ReportData.CurvePoint>> byMethod = new LinkedHashMap<>();
    points.forEach(p -> byMethod.computeIfAbsent(p.method(), m -> new ArrayList<>()).add(p));
    XYChart chart = Plot.xy("few-shot: target " + target + " (" + space + ")", "k (archs measured on the target)",
        "share within ±10 %", false);
    XYStyler style = chart.getStyler();
    style.setYAxisMin(0.0);
    style.setYAxisMax(1.0);
    style.setErrorBarsColorSeriesColor(true);
    style.setXAxisMaxLabelCount(ks.size());
    style.setLegendPosition(Styler.LegendPosition.InsideSE);
    style.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.setCustomXAxisTickLabelsFormatter(x -> {
      long i = Math.round(x);
      return Math.abs(x - i) < 1e-9 && i >= 0 && i < ks.size() ? String.valueOf(ks.get((int) i)) : "";
    });
    int color = 0;
    for (var e : byMethod.entrySet()) {
      int n = e.getValue().size();
      double[] x = new double[n];
      double[] y = new double[n];
      double[] spread = new double[n];
      for (int i = 0; i < n; i++) {
        ReportData.CurvePoint p = e.getValue().get(i);
        x[i] = ks.indexOf(p.k());
        y[i] = p.meanWithin10();
        spread[i] = Double.isNaN(p.stdWithin10()) ? 0 : p.stdWithin10();
      }
      XYSeries s = chart.addSeries(e.getKey(), x, y, spread);
      s.setLineColor(Plot.color(color));
      s.setMarkerColor(Plot.color(color));
      color++;
    }
    String caption = "target " + target + " (" + space + "): share of the target's test archs within ±10 % against"
        + " the number k of target archs used, mean over seeds, bars ± one standard deviation.";
    return new Plot(chart, caption);
  }
}
