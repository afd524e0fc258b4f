package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One latency per (device, arch): the median of its sessions' medians, so a session with more runs does not weigh
 * more and one bad session cannot move it far. Beside it, run-level statistics over the runs used (p10, p90, IQR,
 * mean, std, CV), how many runs and sessions stand behind it and how many outliers were set aside. Percentiles
 * are exact, interpolated linearly between order statistics (numpy's default).
 *
 * <p>Cost: one aggregation over the sessions (with the used latencies of each).
 */
public final class MediansJob {
  public static final String AGGREGATED = "aggregated";

  /** Runs the pipeline through the medians. */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.pipelineUntil("medians", args, PipelineJob.Stage.MEDIANS);
  }

  private MediansJob() {}

  /** Medians from clean runs and their sessions (the Dataset form; the pipeline has the used latencies at hand). */
  public static Dataset<Row> medians(Dataset<Row> cleanRuns, Dataset<Row> sessions) {
    Dataset<Row> used = cleanRuns.where(col(CleanJob.USED)).groupBy(SESSION_ID)
        .agg(array_sort(collect_list(LATENCY_MS)).as(SessionPass.USED_MS));
    return fromSessions(sessions.join(used, new String[] {SESSION_ID}, "left"));
  }

  /**
   * Medians from one row per session with {@code _used_ms}, the ascending latencies of its used runs: a small
   * aggregation (one row per session, not per run). Run-level statistics pool the used runs of all sessions of the
   * (device, arch).
   */
  static Dataset<Row> fromSessions(Dataset<Row> sessions) {
    Dataset<Row> pooled = sessions.groupBy(DEVICE_ID, ARCH_SPACE, ARCH_ID).agg(
        expr("percentile(CASE WHEN session_used THEN session_median_ms END, 0.5)").as(LATENCY_MS),
        sum(when(col("session_used"), 1).otherwise(0)).as("sessions"),
        count(lit(1)).as("sessions_total"),
        sum(col("outlier_runs")).as("outliers"),
        array_sort(flatten(collect_list(SessionPass.USED_MS))).as("_x"))
        .where(col(LATENCY_MS).isNotNull())
        .withColumn("_n", size(col("_x")))
        .withColumn("mean_ms", expr("aggregate(_x, 0D, (a, x) -> a + x) / _n"));
    return pooled.select(col(DEVICE_ID), col(ARCH_SPACE), col(ARCH_ID), col(LATENCY_MS),
        percentile(0.1).as("p10_ms"), percentile(0.9).as("p90_ms"),
        percentile(0.75).minus(percentile(0.25)).as("iqr_ms"),
        col("mean_ms"), std().as("std_ms"), std().divide(col("mean_ms")).as("cv"),
        col("_n").cast("long").as("runs_used"), col("sessions"), col("sessions_total"), col("outliers"),
        lit(false).as(AGGREGATED), lit("runs").as(SOURCE));
  }

  /** Spark's exact percentile of the sorted array {@code _x}: linear between the order statistics around p(n-1). */
  private static Column percentile(double p) {
    String pos = "(" + p + "D * (_n - 1))";
    String lo = "element_at(_x, cast(floor(" + pos + ") as int) + 1)";
    String hi = "element_at(_x, cast(ceil(" + pos + ") as int) + 1)";
    return expr("CASE WHEN floor(" + pos + ") = ceil(" + pos + ") THEN " + lo + " ELSE (ceil(" + pos + ") - " + pos
        + ") * " + lo + " + (" + pos + " - floor(" + pos + ")) * " + hi + " END");
  }

  /** Sample standard deviation of {@code _x} around {@code mean_ms}; null for one run, as stddev_samp. */
  private static Column std() {
    return expr("CASE WHEN _n > 1 THEN sqrt(aggregate(_x, 0D, (a, x) -> a + (x - mean_ms) * (x - mean_ms))"
        + " / (_n - 1)) END");
  }

  /** Medians from the valid rows of imported aggregated tables: their value as is, no runs behind it. */
  public static Dataset<Row> fromTables(Dataset<Row> validTableRows) {
    return validTableRows.select(col(DEVICE_ID), col(ARCH_SPACE), col(ARCH_ID), col(LATENCY_MS),
        lit(null).cast("double").as("p10_ms"), lit(null).cast("double").as("p90_ms"),
        lit(null).cast("double").as("iqr_ms"), lit(null).cast("double").as("mean_ms"),
        lit(null).cast("double").as("std_ms"), lit(null).cast("double").as("cv"),
        lit(0L).as("runs_used"), lit(0L).as("sessions"), lit(0L).as("sessions_total"), lit(0L).as("outliers"),
        lit(true).as(AGGREGATED), col("table_source").as(SOURCE));
  }

  /** Archs with no used session at all: measured, but nothing trustworthy came out (reported, not silently lost). */
  public static Dataset<Row> unmeasured(Dataset<Row> sessions) {
    return sessions.groupBy(DEVICE_ID, ARCH_SPACE, ARCH_ID)
        .agg(countDistinct(SESSION_ID).as("sessions_total"),
            sum(when(col("session_used"), 1).otherwise(0)).as("sessions_used"))
        .where(col("sessions_used").equalTo(0));
  }
}
