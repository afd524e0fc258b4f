package dev.leti.jobs.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/** Charts of one device's held-out predictions: predicted against measured, and the percent errors. */
final class ModelCharts {
  /** Histogram range and bins: 4 % wide, centred on 0. */
  static final double ERROR_LIMIT = 50;
  static final int ERROR_BINS = 25;

  private ModelCharts() {}

  /** Log-log scatter of every model's predictions with y = x and the ±10 % band. */
  static Plot predictedVsMeasured(String device, String space, List<ReportData.Prediction> predictions) {
    Map<String, List<ReportData.Prediction>> byModel = byModel(predictions);
    XYChart chart = Plot.xy("predicted vs measured: " + device + " (" + space + ")", "measured latency (ms)",
        "predicted latency (ms)", true);
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    List<String> left = new ArrayList<>();
    List<String> models = new ArrayList<>(byModel.keySet());
    for (var e : byModel.entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (ReportData.Prediction p : e.getValue()) {
        // a log axis cannot show zero or less: such predictions (possible for the additive baseline) are counted
        if (p.measuredMs() > 0 && p.predictedMs() > 0) {
          x.add(p.measuredMs());
          y.add(p.predictedMs());
          lo = Math.min(lo, Math.min(p.measuredMs(), p.predictedMs()));
          hi = Math.max(hi, Math.max(p.measuredMs(), p.predictedMs()));
        }
      }
      int dropped = e.getValue().size() - x.size();
      if (dropped > 0) {
        left.add(dropped + " of " + e.getKey());
      }
      if (!x.isEmpty()) {
        chart.addSeries(e.getKey() + " (" + x.size() + ")", x, y)
            .setMarkerColor(Plot.modelColor(e.getKey(), models));
      }
    }
    if (hi > 0) {
      Plot.referenceLine(chart, "y = x", 1, lo, hi, Color.BLACK, false);
      Plot.referenceLine(chart, "±10 %", 1.1, lo, hi, Color.GRAY, true);
      Plot.referenceLine(chart, "-10 %", 0.9, lo, hi, Color.GRAY, true).setShowInLegend(false);
    }
    String caption = device + " (" + space + "): predictions of " + models.size()
        + " models on the held-out archs, log-log; solid y = x, dashed ±10 %."
        + (left.isEmpty() ? "" : " Not shown (prediction ≤ 0 ms): " + String.join(", ", left) + ".");
    return new Plot(Plot.fitLogAxes(chart), caption);
  }

  /** Side-by-side histograms of each model's percent error. */
  static Plot errorHistogram(String device, String space, List<ReportData.Prediction> predictions) {
    Map<String, List<ReportData.Prediction>> byModel = byModel(predictions);
    CategoryChart chart = new CategoryChartBuilder().width(Plot.WIDTH).height(Plot.HEIGHT)
        .title("percent error: " + device + " (" + space + ")").xAxisTitle("100 · (predicted − measured) / measured")
        .yAxisTitle("held-out archs").build();
    CategoryStyler style = chart.getStyler();
    style.setXAxisLabelRotation(90);
    style.setPlotGridVerticalLinesVisible(false);
    style.setAvailableSpaceFill(0.9);
    style.setLegendPosition(Styler.LegendPosition.InsideNW);
    style.setChartBackgroundColor(Color.WHITE);
    List<String> models = new ArrayList<>(byModel.keySet());
    List<String> missing = new ArrayList<>();
    for (var e : byModel.entrySet()) {
      double[] measured = e.getValue().stream().mapToDouble(ReportData.Prediction::measuredMs).toArray();
      double[] predicted = e.getValue().stream().mapToDouble(ReportData.Prediction::predictedMs).toArray();
      PercentErrorBins bins = PercentErrorBins.of(measured, predicted, ERROR_LIMIT, ERROR_BINS);
      if (bins.notANumber() > 0) {
        missing.add(bins.notANumber() + " of " + e.getKey());
      }
      chart.addSeries(e.getKey(), bins.labels(), bins.counts()).setFillColor(Plot.modelColor(e.getKey(), models));
    }
    String caption = device + " (" + space + "): percent error of each model, bins of "
        + Math.round(2 * ERROR_LIMIT / ERROR_BINS) + " %; the outer bins hold everything beyond them."
        + (missing.isEmpty() ? "" : " Without a value: " + String.join(", ", missing) + ".");
    return new Plot(chart, caption);
  }

  /** Predictions grouped by model: the known models first, in their fixed order. */
  private static Map<String, List<ReportData.Prediction>> byModel(List<ReportData.Prediction> predictions) {
    Map<String, List<ReportData.Prediction>> out = new LinkedHashMap<>();
    Plot.MODELS.forEach(m -> out.put(m, new ArrayList<>()));
    predictions.forEach(p -> out.computeIfAbsent(p.model(), m -> new ArrayList<>()).add(p));
    out.values().removeIf(List::isEmpty);
    return out;
  }
}
