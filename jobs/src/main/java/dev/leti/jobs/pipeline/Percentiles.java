package dev.leti.jobs.pipeline;

/** Exact percentiles of sorted values, interpolated linearly at position p * (n - 1) (Spark's and numpy's rule). */
public final class Percentiles {
  private Percentiles() {}

  /** @param sorted ascending; the first {@code n} entries are used */
  static double of(double[] sorted, int n, double p) {
    if (n == 0) {
      return Double.NaN;
    }
    double pos = p * (n - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /**
   * The median of values in any order, which are left as they are: the middle one, or the mean of the two middle
   * ones (NaN when there are none).
   */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }
}
