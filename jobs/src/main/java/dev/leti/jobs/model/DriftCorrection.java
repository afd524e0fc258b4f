package dev.leti.jobs.model;

import dev.leti.jobs.pipeline.Percentiles;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The level a device was at when each arch was measured, estimated from the training archs measured around it.
 *
 * <p>Why: on the shared NB-101 data every arch has one session per device, and the host goes through episodes of
 * contention lasting seconds (GPU sessions up to 1.8x slower, CPU sessions 1.3x); the residuals of any feature
 * model are autocorrelated in measurement order (lag 1: 0.53 GPU, 0.41 CPU). The session's median therefore
 * carries the device's state at that moment on top of the arch's cost.
 *
 * <p>The estimate for a session is the median residual (log measured − log predicted by a simple model fitted on
 * training archs) of the {@code neighbours} nearest training sessions before it and the {@code neighbours} after
 * it in time, never its own: a held-out arch's estimate uses only its measurement time and training archs'
 * residuals, so its own measured value never enters. Estimates are centred so that the median over training
 * archs is 0: a drift of +0.3 means "measured while the device was e^0.3 = 1.35x slower than usual".
 */
public final class DriftCorrection {
  private DriftCorrection() {}

  /**
   * @param times measurement time of each arch's session (epoch ms), in any order
   * @param residuals log residual of each arch (read only where {@code training} is true)
   * @param training whether an arch is a training arch
   * @param neighbours training sessions taken on each side (≥ 1)
   * @return the drift (log scale) of every arch; 0 for all when there are no training archs
   */
  public static double[] estimate(long[] times, double[] residuals, boolean[] training, int neighbours) {
    int n = times.length;
    if (residuals.length != n || training.length != n) {
      throw new IllegalArgumentException("need one time, residual and training flag per arch, got " + n + ", "
          + residuals.length + " and " + training.length);
    }
    if (neighbours < 1) {
      throw new IllegalArgumentException("neighbours must be at least 1, got " + neighbours);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> times[i]));
    int[] rank = new int[n];
    for (int r = 0; r < n; r++) {
      rank[order[r]] = r;
    }
    // training archs in time order, and their ranks for the binary search
    int[] trainingInOrder = Arrays.stream(order).filter(i -> training[i]).mapToInt(Integer::intValue).toArray();
    int[] trainingRanks = Arrays.stream(trainingInOrder).map(i -> rank[i]).toArray();
    double[] drift = new double[n];
    if (trainingInOrder.length == 0) {
      return drift;
    }
    double[] window = new double[2 * neighbours];
    for (int i = 0; i < n; i++) {
      int before = Arrays.binarySearch(trainingRanks, rank[i]);
      int after = before >= 0 ? before + 1 : -before - 1; // skip the arch itself when it is a training arch
      before = before >= 0 ? before : -before - 1;
      int k = 0;
      for (int j = Math.max(0, before - neighbours); j < before; j++) {
        window[k++] = residuals[trainingInOrder[j]];
      }
      for (int j = after; j < Math.min(trainingInOrder.length, after + neighbours); j++) {
        window[k++] = residuals[trainingInOrder[j]];
      }
      drift[i] = median(Arrays.copyOf(window, k));
    }
    double[] trainingDrift = Arrays.stream(trainingInOrder).mapToDouble(i -> drift[i]).toArray();
    double centre = median(trainingDrift);
    for (int i = 0; i < n; i++) {
      drift[i] -= centre;
    }
    return drift;
  }

  static double median(double[] values) {
    return values.length == 0 ? 0 : Percentiles.median(values);
  }
}
