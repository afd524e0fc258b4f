package dev.leti.jobs.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * The interaction ridge as train fits it beside the GBT: on the standardised feature columns of a space, its
 * degree (1 or 2) and penalty chosen on the last 20 % of the training archs, then refitted on all of them.
 *
 * <p>Its n x n kernel system limits it to {@value #MAX_TRAIN} training archs (the first in the training order,
 * which is a seeded hash order); an NB-201 table of 15,000 archs is subsampled, and the setting says so. The fitted
 * model is {@link Serializable} so that {@link RidgeLatencyModel} can run it in Spark tasks.
 */
final class RidgeCandidate implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int MAX_TRAIN = 2000;
  private static final int[] DEGREES = {1, 2};
  private static final double[] LAMBDAS = {0.1, 1, 10, 100};
  private static final InteractionRidge.Loss[] LOSSES = InteractionRidge.Loss.values();
  private static final double DELTA = 0.1;

  private final Standardiser scale;
  private final InteractionRidge ridge;
  private final String setting;
  private final int judgedFrom;
  private final int judgedTo;
  private final double judgedWithin10;

  private RidgeCandidate(Standardiser scale, InteractionRidge ridge, String setting, int judgedFrom, int judgedTo,
      double judgedWithin10) {
    this.scale = scale;
    this.ridge = ridge;
    this.setting = setting;
    this.judgedFrom = judgedFrom;
    this.judgedTo = judgedTo;
    this.judgedWithin10 = judgedWithin10;
  }

  /**
   * Chooses the setting and refits on every training row (up to {@value #MAX_TRAIN}).
   *
   * @param train training rows (feature values), in a fixed order
   * @param latencyMs their targets in ms, all positive
   */
  static RidgeCandidate fit(double[][] train, double[] latencyMs) {
    int n = Math.min(train.length, MAX_TRAIN);
    double[][] x = Arrays.copyOf(train, n);
    double[] y = Arrays.copyOf(latencyMs, n);
    Standardiser scale = new Standardiser(x);
    double[][] sx = scale.apply(x);
    InteractionRidge.Setting chosen = InteractionRidge.choose(sx, y, DEGREES, LAMBDAS, LOSSES, DELTA);
    InteractionRidge ridge = InteractionRidge.fit(sx, y, chosen.degree(), chosen.lambda(), DELTA, chosen.loss());
    String setting = String.format(Locale.ROOT, "degree %d lambda %s %s loss%s", chosen.degree(), chosen.lambda(),
        chosen.loss().name().toLowerCase(Locale.ROOT),
        n < train.length ? " on the first " + n + " of " + train.length + " training archs" : "");
    return new RidgeCandidate(scale, ridge, setting, InteractionRidge.judgedFrom(n), n, chosen.within10());
  }

  /** A saved candidate: the standardisation and the fitted ridge. */
  static RidgeCandidate of(double[] mean, double[] scale, InteractionRidge ridge, String setting) {
    return new RidgeCandidate(new Standardiser(mean, scale), ridge, setting, -1, -1, Double.NaN);
  }

  double predict(double[] row) {
    return ridge.predict(scale.apply(row));
  }

  double[] predict(double[][] rows) {
    return ridge.predict(scale.apply(rows));
  }

  String setting() {
    return setting;
  }

  /** First of the training rows (in the order given to {@link #fit}) that judged the settings. */
  int judgedFrom() {
    return judgedFrom;
  }

  /** End (exclusive) of the rows that judged the settings; rows past {@value #MAX_TRAIN} took no part at all. */
  int judgedTo() {
    return judgedTo;
  }

  /** ±10 % accuracy of the chosen setting on those rows, fitted on the rows before them. */
  double judgedWithin10() {
    return judgedWithin10;
  }

  InteractionRidge ridge() {
    return ridge;
  }

  double[] mean() {
    return scale.mean.clone();
  }

  double[] scale() {
    return scale.scale.clone();
  }

  /** Centres and scales each column by the training rows' mean and standard deviation (constant columns: 1). */
  private static final class Standardiser implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] mean;
    private final double[] scale;

    Standardiser(double[] mean, double[] scale) {
      if (mean.length != scale.length) {
        throw new IllegalArgumentException("need one scale per mean, got " + mean.length + " and " + scale.length);
      }
      this.mean = mean.clone();
      this.scale = scale.clone();
    }

    Standardiser(double[][] rows) {
      int p = rows[0].length;
      mean = new double[p];
      scale = new double[p];
      for (double[] r : rows) {
        for (int j = 0; j < p; j++) {
          mean[j] += r[j] / rows.length;
        }
      }
      for (double[] r : rows) {
        for (int j = 0; j < p; j++) {
          scale[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / rows.length;
        }
      }
      for (int j = 0; j < p; j++) {
        scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
      }
    }

    double[][] apply(double[][] rows) {
      double[][] out = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        out[i] = apply(rows[i]);
      }
      return out;
    }

    double[] apply(double[] row) {
      if (row.length != mean.length) {
        throw new IllegalArgumentException("expected " + mean.length + " features, got " + row.length);
      }
      double[] out = new double[mean.length];
      for (int j = 0; j < mean.length; j++) {
        out[j] = (row[j] - mean[j]) / scale[j];
      }
      return out;
    }
  }
}
