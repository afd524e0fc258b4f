package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Accuracy of latency predictions on held-out archs, as the tables report it: RMSE in ms, MAPE, the share
 * within ±5 % and ±10 % of the measured value, and the rank agreement (Spearman ρ with average ranks for ties,
 * Kendall τ-b) that matters when a search only needs to order candidates.
 */
public record Metrics(int n, double rmseMs, double mape, double within5, double within10, double spearman,
    double kendall) {

  /** @param measured and predicted latencies in ms, same length, measured > 0 */
  public static Metrics of(double[] measured, double[] predicted) {
    int n = measured.length;
    if (n != predicted.length || n == 0) {
      throw new IllegalArgumentException("need equally many measured and predicted values, got " + n + " and "
          + predicted.length);
    }
    double se = 0;
    double ape = 0;
    int in5 = 0;
    int in10 = 0;
    for (int i = 0; i < n; i++) {
      double err = predicted[i] - measured[i];
      double rel = Math.abs(err) / measured[i];
      se += err * err;
      ape += rel;
      in5 += rel <= 0.05 ? 1 : 0;
      in10 += rel <= 0.10 ? 1 : 0;
    }
    return new Metrics(n, Math.sqrt(se / n), ape / n, (double) in5 / n, (double) in10 / n,
        spearman(measured, predicted), kendall(measured, predicted));
  }

  /**
   * The metrics of a fitted pipeline on {@code rows}: its {@code prediction} (log ms, as every served model writes
   * it) against the rows' {@code measuredColumn} in ms.
   */
  static Metrics of(PipelineModel model, Dataset<Row> rows, String measuredColumn) {
    List<Row> predicted = model.transform(rows).select(col(measuredColumn), exp(col(TrainModelsJob.PREDICTION)))
        .collectAsList();
    return of(predicted.stream().mapToDouble(r -> r.getDouble(0)).toArray(),
        predicted.stream().mapToDouble(r -> r.getDouble(1)).toArray());
  }

  public static double spearman(double[] x, double[] y) {
    return pearson(ranks(x), ranks(y));
  }

  /** Ranks 1..n, ties sharing their average rank. */
  static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
    double[] rank = new double[v.length];
    for (int i = 0; i < v.length; ) {
      int j = i;
      while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double average = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = average;
      }
      i = j + 1;
    }
    return rank;
  }

  static double pearson(double[] x, double[] y) {
    int n = x.length;
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }

  /** Kendall's τ-b (accounts for ties on either side); O(n²), fine for test sets of a few thousand. */
  static double kendall(double[] x, double[] y) {
    long concordant = 0;
    long discordant = 0;
    long tiesX = 0;
    long tiesY = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        double dx = Math.signum(x[i] - x[j]);
        double dy = Math.signum(y[i] - y[j]);
        if (dx == 0 && dy == 0) {
          continue;
        }
        if (dx == 0) {
          tiesX++;
        } else if (dy == 0) {
          tiesY++;
        } else if (dx == dy) {
          concordant++;
        } else {
          discordant++;
        }
      }
    }
    double denominator = Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
    return denominator == 0 ? 0 : (concordant - discordant) / denominator;
  }
}
