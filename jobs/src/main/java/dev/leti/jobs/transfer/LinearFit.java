package dev.leti.jobs.transfer;

import java.util.Arrays;

/**
 * A least-squares linear fit {@code y ≈ intercept + Σ weights[j]·x[j]} with an optional ridge penalty on the
 * weights (never on the intercept). Sized for few-shot work: a handful of columns, solved through the normal
 * equations on the driver.
 */
public record LinearFit(double intercept, double[] weights) {

  public LinearFit {
    weights = weights.clone();
  }

  /**
   * @param x rows of the design matrix (all the same length)
   * @param ridge penalty added to the diagonal of the centred normal equations; 0 for plain least squares
   * @param withIntercept false fits through the origin (for columns that already span a constant)
   */
  public static LinearFit fit(double[][] x, double[] y, double ridge, boolean withIntercept) {
    int n = x.length;
    if (n == 0 || n != y.length) {
      throw new IllegalArgumentException("need as many rows as targets (at least one), got " + n + " and " + y.length);
    }
    int p = x[0].length;
    double[] mx = new double[p];
    double my = 0;
    if (withIntercept) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < p; j++) {
          mx[j] += x[i][j] / n;
        }
        my += y[i] / n;
      }
    }
    double[][] a = new double[p][p];
    double[] b = new double[p];
    for (int i = 0; i < n; i++) {
      if (x[i].length != p) {
        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " columns, expected " + p);
      }
      for (int j = 0; j < p; j++) {
        double xj = x[i][j] - mx[j];
        b[j] += xj * (y[i] - my);
        for (int l = 0; l < p; l++) {
          a[j][l] += xj * (x[i][l] - mx[l]);
        }
      }
    }
    for (int j = 0; j < p; j++) {
      a[j][j] += ridge;
    }
    double[] w = solve(a, b);
    double intercept = my;
    for (int j = 0; j < p; j++) {
      intercept -= w[j] * mx[j];
    }
    return new LinearFit(intercept, w);
  }

  public double predict(double... row) {
    if (row.length != weights.length) {
      throw new IllegalArgumentException("expected " + weights.length + " values, got " + row.length);
    }
    double y = intercept;
    for (int j = 0; j < row.length; j++) {
      y += weights[j] * row[j];
    }
    return y;
  }

  /** Gaussian elimination with partial pivoting; a singular system is an error (callers avoid it or add ridge). */
  static double[] solve(double[][] a, double[] b) {
    int p = b.length;
    double[][] m = new double[p][];
    for (int i = 0; i < p; i++) {
      m[i] = Arrays.copyOf(a[i], p + 1);
      m[i][p] = b[i];
    }
    double scale = 0;
    for (double[] row : a) {
      for (double v : row) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    for (int c = 0; c < p; c++) {
      int pivot = c;
      for (int r = c + 1; r < p; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][c]) <= 1e-12 * Math.max(scale, 1e-300)) {
        throw new IllegalArgumentException("singular least-squares system (column " + c
            + " is constant or collinear on the given rows)");
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      for (int r = 0; r < p; r++) {
        if (r != c) {
          double f = m[r][c] / m[c][c];
          for (int k = c; k <= p; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    double[] w = new double[p];
    for (int i = 0; i < p; i++) {
      w[i] = m[i][p] / m[i][i];
    }
    return w;
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearFit f && f.intercept == intercept && Arrays.equals(f.weights, weights);
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(intercept) + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "LinearFit[intercept=" + intercept + ", weights=" + Arrays.toString(weights) + "]";
  }
}
