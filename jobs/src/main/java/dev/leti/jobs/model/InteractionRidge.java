package dev.leti.jobs.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Latency in milliseconds as a polynomial in the features, fitted for relative accuracy: a kernel ridge
 * regression with the kernel {@code (x·z + 1)^degree} (degree 1: {@code x·z}), so degree 2 holds every pairwise
 * interaction of the features without listing them, plus a large constant so that the intercept is nearly free.
 *
 * <p>Why not a GBT on log latency: on a fixed skeleton (NB-201) latency is close to a <em>sum</em> of op costs,
 * which a polynomial in milliseconds holds exactly and trees only approximate. The loss is what ±10 % accuracy
 * rewards: squared <em>relative</em> error, made robust with Huber weights (an arch more than {@code delta} off is
 * down-weighted by delta / its error, refitted a few times), so a few badly measured archs do not pull the fit.
 * Where the noise is large and not proportional to latency (HELP's pixel3 and raspi4 columns: twin archs agree
 * within ±10 % for only 60-70 %), weighting each arch by 1 / latency² hands the fit to the fastest and noisiest
 * archs, and the 341 archs without an input-to-output path that such a device reports at a few microseconds
 * outweigh all others; {@link Loss#ABSOLUTE} squares the error in ms instead (the Huber weights still judge
 * relative error), and {@link #choose} tries both.
 *
 * <p>A polynomial can dip to zero or below away from the training archs (seen on HELP's pixel3 with the ms loss);
 * a latency model never answers that, so predictions stop at the fastest training latency.
 *
 * <p>Cost: the n x n kernel matrix and a Cholesky factorisation per reweighting, O(n^3 / 6); about 0.1 s for
 * n = 1000 here. Sized for the driver: thousands of training rows, not millions.
 */
public final class InteractionRidge implements Serializable {
  private static final long serialVersionUID = 2L;
  private static final double INTERCEPT_SCALE = 100;
  private static final int REWEIGHTINGS = 5;

  private final double[][] train;
  private final double[] alpha;
  private final int degree;
  private final double floorMs;

  private InteractionRidge(double[][] train, double[] alpha, int degree, double floorMs) {
    this.train = train;
    this.alpha = alpha;
    this.degree = degree;
    this.floorMs = floorMs;
  }

  /**
   * A fitted ridge from its saved state ({@link #trainingRows}, {@link #dualWeights}, {@link #degree},
   * {@link #floorMs}).
   */
  static InteractionRidge of(double[][] trainingRows, double[] dualWeights, int degree, double floorMs) {
    if (trainingRows.length != dualWeights.length || degree < 1 || !(floorMs > 0)) {
      throw new IllegalArgumentException("need one dual weight per training row, degree >= 1 and a positive floor,"
          + " got " + trainingRows.length + " rows, " + dualWeights.length + " weights, degree " + degree
          + ", floor " + floorMs);
    }
    return new InteractionRidge(trainingRows, dualWeights, degree, floorMs);
  }

  double[][] trainingRows() {
    return train;
  }

  double[] dualWeights() {
    return alpha;
  }

  int degree() {
    return degree;
  }

  /** The least it predicts: the fastest training latency. */
  double floorMs() {
    return floorMs;
  }

  /** Which error the fit squares: relative (each arch weighted by 1 / latency²) or in ms. */
  public enum Loss { RELATIVE, ABSOLUTE }

  /**
   * @param x training rows (all the same length)
   * @param y latencies, all positive
   * @param degree 1 (linear) or more (interactions up to that order)
   * @param lambda ridge penalty, relative to weights that average 1
   * @param delta relative error beyond which an arch is down-weighted, e.g. 0.1
   * @param loss the error squared
   */
  public static InteractionRidge fit(double[][] x, double[] y, int degree, double lambda, double delta, Loss loss) {
    int n = x.length;
    if (n == 0 || n != y.length) {
      throw new IllegalArgumentException("need as many rows as latencies (at least one), got " + n + " and "
          + y.length);
    }
    Objects.requireNonNull(loss, "loss");
    if (degree < 1 || lambda <= 0 || delta <= 0) {
      throw new IllegalArgumentException("need degree >= 1, lambda > 0, delta > 0, got " + degree + ", " + lambda + ", "
          + delta);
    }
    for (double v : y) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("latencies must be positive and finite, got " + v);
      }
    }
    double[][] rows = x.clone();
    double[] gram = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double k = kernel(rows[i], rows[j], degree);
        gram[i * n + j] = k;
        gram[j * n + i] = k;
      }
    }
    double[] robust = new double[n];
    Arrays.fill(robust, 1);
    double[] alpha = solveWeighted(gram, y, robust, lambda, loss);
    for (int round = 0; round < REWEIGHTINGS; round++) {
      for (int i = 0; i < n; i++) {
        double error = Math.abs(dot(gram, i * n, alpha, 0, n) - y[i]) / y[i];
        robust[i] = error <= delta ? 1 : delta / error;
      }
      alpha = solveWeighted(gram, y, robust, lambda, loss);
    }
    return new InteractionRidge(rows, alpha, degree, Arrays.stream(y).min().getAsDouble());
  }

  /** A degree, penalty and loss, and the ±10 % accuracy they reached on the held-back rows. */
  public record Setting(int degree, double lambda, Loss loss, double within10) {}

  /**
   * The setting of the grid that does best (±10 %) on the last 20 % of the rows when fitted on the first 80 %;
   * the first of the grid wins a tie. The first loss is the default: another replaces it only when its best setting
   * beats the first loss's best by more than one standard error of the judged share (about 0.017 on 200 rows), so
   * a noisy few rows do not switch the loss of a device whose errors are proportional to its latency.
   */
  public static Setting choose(double[][] x, double[] y, int[] degrees, double[] lambdas, Loss[] losses,
      double delta) {
    int cut = judgedFrom(x.length);
    double[][] fitX = Arrays.copyOf(x, cut);
    double[] fitY = Arrays.copyOf(y, cut);
    double[][] judgedX = Arrays.copyOfRange(x, cut, x.length);
    double[] judgedY = Arrays.copyOfRange(y, cut, y.length);
    Setting chosen = null;
    for (Loss loss : losses) {
      Setting best = null;
      for (int degree : degrees) {
        for (double lambda : lambdas) {
          double score = Metrics.of(judgedY, fit(fitX, fitY, degree, lambda, delta, loss).predict(judgedX))
              .within10();
          if (best == null || score > best.within10()) {
            best = new Setting(degree, lambda, loss, score);
          }
        }
      }
      if (chosen == null || best.within10() - chosen.within10() > standardError(chosen.within10(), judgedY.length)) {
        chosen = best;
      }
    }
    return chosen;
  }

  /** The standard error of a share measured on n rows. */
  private static double standardError(double share, int n) {
    return Math.sqrt(share * (1 - share) / n);
  }

  /** Where {@link #choose} splits n rows: it fits on those before this index and judges on the rest. */
  static int judgedFrom(int n) {
    return n * 4 / 5;
  }

  /** One prediction per row. */
  public double[] predict(double[][] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = predict(rows[i]);
    }
    return out;
  }

  public double predict(double[] x) {
    double sum = 0;
    for (int j = 0; j < train.length; j++) {
      sum += alpha[j] * kernel(x, train[j], degree);
    }
    return Math.max(sum, floorMs);
  }

  private static double kernel(double[] a, double[] b, int degree) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("rows of different lengths: " + a.length + " and " + b.length);
    }
    double dot = dot(a, 0, b, 0, a.length);
    double k = degree == 1 ? dot : dot + 1;
    for (int d = 2; d <= degree; d++) {
      k *= dot + 1;
    }
    return k + INTERCEPT_SCALE;
  }

  /**
   * The dual weights {@code a} (f = K a) minimising {@code sum w_i (y_i - f_i)^2 + lambda |f|^2} with
   * {@code w_i = robust_i / y_i^2} (relative loss) or {@code robust_i} scaled to average 1:
   * {@code (K + lambda W^-1) a = y}. K plus a positive diagonal is positive definite, so Cholesky solves it.
   */
  private static double[] solveWeighted(double[] gram, double[] y, double[] robust, double lambda, Loss loss) {
    int n = y.length;
    double[] w = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      w[i] = loss == Loss.RELATIVE ? robust[i] / (y[i] * y[i]) : robust[i];
      mean += w[i] / n;
    }
    double[] a = gram.clone();
    for (int i = 0; i < n; i++) {
      a[i * n + i] += lambda * mean / w[i];
    }
    cholesky(a, n);
    return choleskySolve(a, n, y);
  }

  /** In place: the lower triangle of {@code a} becomes L with L L^T = a. */
  private static void cholesky(double[] a, int n) {
    for (int j = 0; j < n; j++) {
      int rj = j * n;
      double d = a[rj + j] - dot(a, rj, a, rj, j);
      if (!(d > 0)) {
        throw new IllegalStateException("kernel system is not positive definite at row " + j);
      }
      double l = Math.sqrt(d);
      a[rj + j] = l;
      for (int i = j + 1; i < n; i++) {
        int ri = i * n;
        a[ri + j] = (a[ri + j] - dot(a, ri, a, rj, j)) / l;
      }
    }
  }

  /** {@code sum a[ai + k] * b[bi + k]} for k < length, in four independent sums (the factorisation's hot loop). */
  private static double dot(double[] a, int ai, double[] b, int bi, int length) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < length; k += 4) {
      s0 += a[ai + k] * b[bi + k];
      s1 += a[ai + k + 1] * b[bi + k + 1];
      s2 += a[ai + k + 2] * b[bi + k + 2];
      s3 += a[ai + k + 3] * b[bi + k + 3];
    }
    for (; k < length; k++) {
      s0 += a[ai + k] * b[bi + k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static double[] choleskySolve(double[] l, int n, double[] b) {
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i * n + k] * z[k];
      }
      z[i] = s / l[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k * n + i] * z[k];
      }
      z[i] = s / l[i * n + i];
    }
    return z;
  }
}
