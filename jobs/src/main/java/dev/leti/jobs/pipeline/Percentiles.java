package dev.leti.jobs.pipeline;

/** Exact percentiles of sorted values, interpolated linearly at position p * (n - 1) (Spark's and numpy's rule). */
final class Percentiles {
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
}
