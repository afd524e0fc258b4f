package dev.leti.jobs.transfer;

/**
 * A source device's latencies mapped onto a target's by a line in log space:
 * {@code log(target) = a + b·log(source)}, i.e. {@code target = e^a · source^b}. A power law keeps the ranking of
 * the source (for b > 0) and absorbs both a speed ratio (a) and a different growth with network size (b).
 *
 * <p>With fewer than {@value #MIN_FOR_SLOPE} archs, or when the source values on them are all equal, the slope
 * cannot be estimated and is fixed at 1 (a pure speed ratio, the geometric mean of target/source).
 */
public record Recalibration(double intercept, double slope) {
  static final int MIN_FOR_SLOPE = 3;

  /** The identity: the source's milliseconds taken as the target's (what "zero-shot" means in ms). */
  public static final Recalibration IDENTITY = new Recalibration(0, 1);

  /** Fits on paired latencies (ms, > 0) of the same archs on the source and the target. */
  public static Recalibration fit(double[] sourceMs, double[] targetMs) {
    int n = sourceMs.length;
    if (n == 0 || n != targetMs.length) {
      throw new IllegalArgumentException("need paired latencies of at least one arch, got " + n + " and "
          + targetMs.length);
    }
    double[][] x = new double[n][1];
    double[] y = new double[n];
    boolean varies = false;
    for (int i = 0; i < n; i++) {
      x[i][0] = logOf(sourceMs[i], "source");
      y[i] = logOf(targetMs[i], "target");
      varies |= x[i][0] != x[0][0];
    }
    if (n < MIN_FOR_SLOPE || !varies) {
      double offset = 0;
      for (int i = 0; i < n; i++) {
        offset += (y[i] - x[i][0]) / n;
      }
      return new Recalibration(offset, 1);
    }
    LinearFit f = LinearFit.fit(x, y, 0, true);
    return new Recalibration(f.intercept(), f.weights()[0]);
  }

  public double apply(double sourceMs) {
    return Math.exp(intercept + slope * Math.log(sourceMs));
  }

  public double[] apply(double[] sourceMs) {
    double[] out = new double[sourceMs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = apply(sourceMs[i]);
    }
    return out;
  }

  static double logOf(double ms, String what) {
    if (!(ms > 0) || Double.isInfinite(ms)) {
      throw new IllegalArgumentException(what + " latency must be a positive number of ms, got " + ms);
    }
    return Math.log(ms);
  }
}
