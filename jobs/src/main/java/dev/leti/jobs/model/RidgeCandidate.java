package dev.leti.jobs.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The interaction ridge as train fits it beside the GBT: on the standardised feature columns of a space, its
 * degree (1 or 2) and penalty chosen on the last 20 % of the training archs, then refitted on all of them.
 *
 * <p>It is judged with the baselines, not yet kept in the registry: {@code predict} serves the GBT. Its n x n
 * kernel system limits it to {@value #MAX_TRAIN} training archs (the first in the training order, which is a
 * seeded hash order); an NB-201 table of 15,000 archs is subsampled, and the setting says so.
 */
final class RidgeCandidate {
  static final int MAX_TRAIN = 2000;
  private static final int[] DEGREES = {1, 2};
  private static final double[] LAMBDAS = {0.1, 1, 10, 100};
  private static final double DELTA = 0.1;

  private RidgeCandidate() {}

  /** Test predictions in ms, in the order of {@code test}, and the setting chosen. */
  record Result(double[] predictedMs, String setting) {}

  /**
   * @param train training rows (feature values), in a fixed order
   * @param latencyMs their targets in ms, all positive
   * @param test rows to predict
   */
  static Result fit(double[][] train, double[] latencyMs, double[][] test) {
    int n = Math.min(train.length, MAX_TRAIN);
    double[][] x = Arrays.copyOf(train, n);
    double[] y = Arrays.copyOf(latencyMs, n);
    Standardiser scale = new Standardiser(x);
    double[][] sx = scale.apply(x);
    InteractionRidge.Setting chosen = InteractionRidge.choose(sx, y, DEGREES, LAMBDAS, DELTA);
    double[] predicted = InteractionRidge.fit(sx, y, chosen.degree(), chosen.lambda(), DELTA)
        .predict(scale.apply(test));
    String setting = String.format(Locale.ROOT, "degree %d lambda %s%s", chosen.degree(), chosen.lambda(),
        n < train.length ? " on the first " + n + " of " + train.length + " training archs" : "");
    return new Result(predicted, setting);
  }

  /** Centres and scales each column by the training rows' mean and standard deviation (constant columns: 1). */
  private static final class Standardiser {
    private final double[] mean;
    private final double[] scale;

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
      double[][] out = new double[rows.length][mean.length];
      for (int i = 0; i < rows.length; i++) {
        for (int j = 0; j < mean.length; j++) {
          out[i][j] = (rows[i][j] - mean[j]) / scale[j];
        }
      }
      return out;
    }
  }
}
