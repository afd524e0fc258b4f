package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import dev.leti.features.table.SpaceRows;
import dev.leti.lake.Columns;
import java.util.List;
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

  private ModelInputs() {}

  /** Every feature column of the space, in schema order. */
  public static List<String> featureColumns(String space) {
    return SpaceRows.of(space).layout().schema().names();
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
