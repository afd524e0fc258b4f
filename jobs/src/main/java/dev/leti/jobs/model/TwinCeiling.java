package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;

import dev.leti.features.nb201.Nb201Arch;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.nb201.Nb201Op;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How well any model of the arch can match a NAS-Bench-201 latency table, from the table alone. With no edge between
 * nodes 1 and 2, swapping the two nodes gives the same network under another index: a twin, measured on its own.
 * If each measurement's log error is independent and identically distributed, the twins' agreement fixes the size
 * of one measurement's error; the <b>implied ceiling</b> is then the share of measurements within ±10 % of their
 * arch's true latency, which is what a perfect predictor of the arch would score.
 *
 * <p>The error's shape is taken from the twins' own log ratios, scaled ({@link #fit}): a scale of 1/√2 would be
 * exact for normal errors; the scale is chosen so that two independent errors of that shape reproduce the observed
 * agreement. For errors more peaked and heavier-tailed than normal the estimate comes out low. Beside it, a bound
 * that assumes nothing: one prediction meets both twins within ±10 % only if they differ by at most 1.1/0.9, so on
 * the twin archs no predictor of the arch scores more than half of (1 + the share of such pairs).
 */
public final class TwinCeiling {
  static final double WITHIN = 0.10;
  /** Two measurements agree within ±10 % when their log ratio is at most this. */
  private static final double AGREE = Math.log(1 + WITHIN);

  /**
   * One device: twin pairs measured, their share within ±10 % of each other, the fitted scale, the implied ceiling
   * and the assumption-free bound on the twin archs.
   */
  public record DeviceTwins(String device, int pairs, double twinsWithin10, double scale, double ceiling,
      double bound) {}

  private TwinCeiling() {}

  /** Every device of the lake's NB-201 medians with at least {@code minPairs} twin pairs, in device order. */
  public static List<DeviceTwins> run(SparkSession spark, Lake lake, int minPairs) {
    Map<String, Map<Integer, Double>> byDevice = new TreeMap<>();
    for (Row r : spark.read().parquet(lake.latencyMedians()).where(col(Columns.ARCH_SPACE).equalTo("nb201"))
        .select(Columns.DEVICE_ID, Columns.ARCH_ID, Columns.LATENCY_MS).collectAsList()) {
      // validation quarantined every latency that is not positive
      byDevice.computeIfAbsent(r.getString(0), d -> new HashMap<>()).put(Integer.parseInt(r.getString(1)),
          r.getDouble(2));
    }
    List<DeviceTwins> out = new ArrayList<>();
    byDevice.forEach((device, latency) -> {
      DeviceTwins t = of(device, latency);
      if (t.pairs() >= minPairs) {
        out.add(t);
      }
    });
    return out;
  }

  /** The twins of one device's latencies by official index. */
  static DeviceTwins of(String device, Map<Integer, Double> latency) {
    List<Double> logRatios = new ArrayList<>();
    latency.forEach((index, ms) -> {
      int twin = twin(index);
      if (twin > index && latency.containsKey(twin)) {
        logRatios.add(Math.log(ms / latency.get(twin)));
      }
    });
    double[] d = logRatios.stream().mapToDouble(Double::doubleValue).toArray();
    if (d.length == 0) {
      return new DeviceTwins(device, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double agree = Arrays.stream(d).filter(x -> Math.abs(x) <= AGREE).count() / (double) d.length;
    double meetable = Arrays.stream(d).filter(x -> Math.abs(x) <= Math.log((1 + WITHIN) / (1 - WITHIN))).count()
        / (double) d.length;
    double[] errors = symmetrised(d);
    double scale = fit(errors, agree);
    return new DeviceTwins(device, d.length, agree, scale, ceiling(errors, scale), (1 + meetable) / 2);
  }

  /**
   * The official index of the arch's twin (nodes 1 and 2 swapped), or -1 when it has none: an edge joins the two
   * nodes, or the swap gives the arch itself.
   */
  static int twin(int index) {
    Nb201Arch a = Nb201Index.arch(index);
    if (a.op(1, 2) != Nb201Op.NONE || a.op(0, 1) == a.op(0, 2) && a.op(1, 3) == a.op(2, 3)) {
      return -1;
    }
    // edge order: 0->1, 0->2, 1->2, 0->3, 1->3, 2->3
    return Nb201Index.indexOf(Nb201Arch.of(a.op(0, 2), a.op(0, 1), Nb201Op.NONE, a.op(0, 3), a.op(2, 3),
        a.op(1, 3)));
  }

  /**
   * The scale s for which two independent errors drawn from s times the symmetrised log ratios ({@link #symmetrised})
   * agree within ±10 % as often as the twins did (the agreement falls as s grows; bisection).
   */
  static double fit(double[] errors, double agreement) {
    double lo = 1e-6;
    double hi = 4;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (pairsWithin(errors, AGREE / mid) > agreement) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /**
   * The share of errors s·x (x from the symmetrised log ratios) that a prediction of the true latency meets within
   * ±10 %: measured = true · exp(s·x), and |true − measured| ≤ 10 % of measured.
   */
  static double ceiling(double[] errors, double scale) {
    long in = Arrays.stream(errors).filter(x -> -scale * x >= Math.log(1 - WITHIN) && -scale * x <= AGREE).count();
    return in / (double) errors.length;
  }

  /** The log ratios and their negatives (which twin comes first is arbitrary), ascending. */
  static double[] symmetrised(double[] x) {
    double[] e = new double[x.length * 2];
    for (int i = 0; i < x.length; i++) {
      e[2 * i] = x[i];
      e[2 * i + 1] = -x[i];
    }
    Arrays.sort(e);
    return e;
  }

  /** The share of pairs i < j of the sorted values with {@code e[j] - e[i] <= width}. */
  static double pairsWithin(double[] sorted, double width) {
    long within = 0;
    int lo = 0;
    for (int j = 0; j < sorted.length; j++) {
      while (sorted[j] - sorted[lo] > width) {
        lo++;
      }
      within += j - lo;
    }
    long n = sorted.length;
    return within / (double) (n * (n - 1) / 2);
  }
}
