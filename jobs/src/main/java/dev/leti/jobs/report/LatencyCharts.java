package dev.leti.jobs.report;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/** Latency against the work of a network: how far a FLOPs-style proxy gets on a device. */
final class LatencyCharts {
  private LatencyCharts() {}

  /** Log-log scatter of one device's median latencies over MACs. */
  static Plot latencyVsMacs(String device, String space, String macsColumn, int colorIndex,
      List<ReportData.LatencyPoint> points) {
    XYChart chart = Plot.xy("latency vs " + macsColumn + ": " + device + " (" + space + ")", macsColumn,
        "median latency (ms)", true);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (ReportData.LatencyPoint p : points) {
      if (p.macs() > 0 && p.latencyMs() > 0) {
        x.add(p.macs());
        y.add(p.latencyMs());
      }
    }
    int dropped = points.size() - x.size();
    if (!x.isEmpty()) {
      chart.addSeries(device + " (" + x.size() + " archs)", x, y).setMarkerColor(Plot.color(colorIndex));
    }
    String caption = device + " (" + space + "): median latency of every measured arch over its " + macsColumn
        + ", log-log." + (dropped == 0 ? "" : " Not shown (" + macsColumn + " or latency ≤ 0): " + dropped + " archs.");
    return new Plot(Plot.fitLogAxes(chart), caption);
  }
}
