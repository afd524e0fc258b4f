package dev.leti.jobs.transfer;

import static org.apache.spark.sql.functions.col;

import dev.leti.jobs.model.ModelInputs;
import dev.leti.jobs.pipeline.TrainingSet;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A space's training set on the driver, arranged for few-shot work: every arch measured on some device gets a
 * position (archs sorted by id), with its features, whether the train job holds it out ({@link ModelInputs#prepare},
 * same seed and share, so the transfer's test archs are the train job's), and per device its median latency at
 * each position (NaN where the device did not measure it). A training set is small (devices × archs rows).
 */
public record TransferData(String space, List<String> archIds, double[][] features, boolean[] heldOut,
    Map<String, double[]> latencyMs) {

  public static TransferData load(SparkSession spark, Lake lake, String space, long splitSeed, int testPercent) {
    List<String> featureCols = ModelInputs.featureColumns(space);
    List<Column> cols = new ArrayList<>(List.of(col(Columns.DEVICE_ID), col(Columns.ARCH_ID),
        col(Columns.LATENCY_MS), col(ModelInputs.IS_TEST)));
    featureCols.forEach(f -> cols.add(col(f)));
    List<Row> rows;
    try {
      rows = ModelInputs.prepare(TrainingSet.read(spark, lake, space), splitSeed, testPercent)
          .select(cols.toArray(new Column[0])).collectAsList();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is checked but undeclared
      throw new IllegalArgumentException("cannot read the " + space + " training set of " + lake.root()
          + " (run 'leti pipeline' first): " + e.getMessage(), e);
    }
    TreeSet<String> ids = new TreeSet<>();
    rows.forEach(r -> ids.add(r.getString(1)));
    List<String> archIds = List.copyOf(ids);
    Map<String, Integer> position = new java.util.HashMap<>();
    for (int i = 0; i < archIds.size(); i++) {
      position.put(archIds.get(i), i);
    }
    double[][] features = new double[archIds.size()][];
    boolean[] heldOut = new boolean[archIds.size()];
    Map<String, double[]> latency = new TreeMap<>();
    for (Row r : rows) {
      int p = position.get(r.getString(1));
      double[] perDevice = latency.computeIfAbsent(r.getString(0), d -> nan(archIds.size()));
      if (!Double.isNaN(perDevice[p])) {
        throw new IllegalArgumentException("the " + space + " training set has two rows for device " + r.getString(0)
            + " and arch " + r.getString(1));
      }
      perDevice[p] = r.getDouble(2);
      heldOut[p] = r.getBoolean(3);
      if (features[p] == null) {
        double[] f = new double[featureCols.size()];
        for (int j = 0; j < f.length; j++) {
          f[j] = ((Number) r.get(4 + j)).doubleValue();
        }
        features[p] = f;
      }
    }
    if (latency.isEmpty()) {
      throw new IllegalArgumentException("the " + space + " training set of " + lake.root() + " is empty");
    }
    return new TransferData(space, archIds, features, heldOut, latency);
  }

  public List<String> devices() {
    return List.copyOf(latencyMs.keySet());
  }

  /** A device's latencies by position; an unknown device is an error listing the known ones. */
  public double[] latency(String device) {
    double[] v = latencyMs.get(device);
    if (v == null) {
      throw new IllegalArgumentException("no " + space + " medians for device '" + device + "'; devices: "
          + devices());
    }
    return v;
  }

  /** Positions the device measured. */
  public int[] measured(String device) {
    double[] v = latency(device);
    return IntStream.range(0, v.length).filter(i -> !Double.isNaN(v[i])).toArray();
  }

  /** Positions both devices measured. */
  public int[] common(String a, String b) {
    double[] va = latency(a);
    double[] vb = latency(b);
    return IntStream.range(0, va.length).filter(i -> !Double.isNaN(va[i]) && !Double.isNaN(vb[i])).toArray();
  }

  /** The subset of {@code positions} the train job holds out ({@code heldOut == true}) or trains on. */
  public int[] split(int[] positions, boolean heldOut) {
    return Arrays.stream(positions).filter(p -> this.heldOut[p] == heldOut).toArray();
  }

  private static double[] nan(int n) {
    double[] v = new double[n];
    Arrays.fill(v, Double.NaN);
    return v;
  }
}
