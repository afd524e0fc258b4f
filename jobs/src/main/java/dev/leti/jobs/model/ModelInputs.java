package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import dev.leti.features.table.SpaceRows;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the models of a space are trained on: the feature columns (in the features library's order), the
 * target log(latency), the columns of the baselines, and a fixed held-out split of archs.
 */
public final class ModelInputs {
  public static final String LABEL = "log_latency";
  public static final String IS_TEST = "is_test";
  /** When the arch's first used session started (epoch ms); null for values from aggregated tables. */
  public static final String MEASURED_AT = "measured_at_ms";
  /** The device's level at that time, log scale ({@link DriftCorrection}); 0 without correction. */
  public static final String DRIFT = "drift";
  /** The median with the drift taken out: {@code latency_ms * exp(-drift)}. */
  public static final String CORRECTED_MS = "corrected_ms";
  /** log(corrected_ms): what the models are trained on. */
  public static final String CORRECTED_LABEL = "log_latency_corrected";

  private ModelInputs() {}

  /**
   * The devices to work on: those asked for, or every device of {@code data} in name order when none is; a device
   * asked for that has no rows is an error whose message starts with {@code missing.apply(device)}.
   */
  static List<String> devicesToRun(Dataset<Row> data, List<String> asked, Function<String, String> missing) {
    List<String> present = new ArrayList<>();
    data.select(Columns.DEVICE_ID).distinct().orderBy(Columns.DEVICE_ID).collectAsList()
        .forEach(r -> present.add(r.getString(0)));
    for (String d : asked) {
      if (!present.contains(d)) {
        throw new IllegalArgumentException(missing.apply(d) + "; devices: " + present);
      }
    }
    return asked.isEmpty() ? present : asked;
  }

  /** Every feature column of the space, in schema order. */
  public static List<String> featureColumns(String space) {
    return SpaceRows.layoutOf(space).schema().names();
  }

  /** The work column of the space: MACs for NB-101, NB-201's "flops" (which counts MACs too). */
  public static String macsColumn(String space) {
    return space.equals("nb101") ? "macs" : "flops";
  }

  /** Counts of each op kind: the columns of the additive "lookup table" baseline. */
  public static List<String> opCountColumns(String space) {
    return space.equals("nb101")
        ? List.of("n_conv3x3", "n_conv1x1", "n_maxpool", "n_projection", "n_add", "n_concat", "n_truncation")
        : List.of("n_conv1x1", "n_conv3x3", "n_avgpool", "n_skip", "n_none");
  }

  /**
   * Columns of the simple model whose residuals measure the drift: op counts and the work per stage (per kernel
   * size for NB-101, where a CPU's cost per MAC differs between 3x3 and 1x1 convs).
   */
  public static List<String> driftModelColumns(String space) {
    List<String> cols = new ArrayList<>(opCountColumns(space));
    for (int stage = 0; stage < 3; stage++) {
      if (space.equals("nb101")) {
        cols.add("macs_conv3x3_stack" + stage);
        cols.add("macs_conv1x1_stack" + stage);
      } else {
        cols.add("macs_stage" + stage);
      }
    }
    return cols;
  }

  /**
   * Adds {@link #MEASURED_AT}: the start of the arch's first used session on the device, from the lake's sessions
   * table (null when the lake has none, or for archs that come from aggregated tables).
   */
  public static Dataset<Row> withMeasurementTimes(SparkSession spark, Lake lake, Dataset<Row> trainingSet)
      throws IOException {
    Path sessions = new Path(lake.sessions());
    if (!sessions.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(sessions)) {
      return trainingSet.withColumn(MEASURED_AT, lit(null).cast("long"));
    }
    Dataset<Row> firstSession = spark.read().parquet(lake.sessions()).where(col("session_used"))
        .groupBy(Columns.DEVICE_ID, Columns.ARCH_SPACE, Columns.ARCH_ID)
        .agg(min(col("first_started_at_ms")).as(MEASURED_AT));
    return trainingSet.join(firstSession, new String[] {Columns.DEVICE_ID, Columns.ARCH_SPACE, Columns.ARCH_ID},
        "left");
  }

  /**
   * The training set with the label and the split: an arch is held out when a hash of (space, arch, seed) falls
   * in the first {@code testPercent} of 100 buckets, so every device holds out the same archs, on every run.
   */
  public static Dataset<Row> prepare(Dataset<Row> trainingSet, long seed, int testPercent) {
    if (testPercent <= 0 || testPercent >= 100) {
      throw new IllegalArgumentException("testPercent must be in 1..99, got " + testPercent);
    }
    Column bucket = pmod(xxhash64(col(Columns.ARCH_SPACE), col(Columns.ARCH_ID), lit(seed)), lit(100L));
    return trainingSet
        .withColumn(LABEL, log(col(Columns.LATENCY_MS)))
        .withColumn(IS_TEST, bucket.lt(testPercent));
  }
}
