package dev.leti.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of percent errors, 100 · (predicted − measured) / measured, in equal bins over [−limit, +limit], labelled
 * by their centres. Errors beyond the limit count in the outer bins (labelled {@code <} and {@code >} their inner
 * edge) so that no prediction is left out; an error that is not a number (a missing value) is counted apart.
 */
record PercentErrorBins(List<String> labels, List<Integer> counts, int notANumber) {
  static PercentErrorBins of(double[] measured, double[] predicted, double limit, int bins) {
    if (bins < 3 || !(limit > 0)) {
      throw new IllegalArgumentException("need at least 3 bins over a positive limit, got " + bins + " over "
          + limit);
    }
    double width = 2 * limit / bins;
    int[] count = new int[bins];
    int nan = 0;
    for (int i = 0; i < measured.length; i++) {
      double error = 100 * (predicted[i] - measured[i]) / measured[i];
      if (Double.isNaN(error)) {
        nan++;
        continue;
      }
      int bin = (int) Math.floor((error + limit) / width);
      count[Math.max(0, Math.min(bins - 1, bin))]++;
    }
    List<String> labels = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      double from = -limit + b * width;
      labels.add(b == 0 ? String.format(Locale.ROOT, "<%.0f", from + width)
          : b == bins - 1 ? String.format(Locale.ROOT, ">%.0f", from)
          : String.format(Locale.ROOT, "%.0f", from + width / 2));
      counts.add(count[b]);
    }
    return new PercentErrorBins(labels, counts, nan);
  }
}
