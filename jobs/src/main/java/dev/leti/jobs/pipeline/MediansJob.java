package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One latency per (device, arch): the median of its sessions' medians, so a session with more runs does not weigh
 * more and one bad session cannot move it far. Beside it, run-level statistics over the runs used (p10, p90, IQR,
 * mean, std, CV), how many runs and sessions stand behind it and how many outliers were set aside. Percentiles
 * are exact, interpolated linearly between order statistics (numpy's default).
 *
 * <p>Cost: one aggregation over the used runs by (device, arch), one over the sessions.
 */
public final class MediansJob {
  public static final String AGGREGATED = "aggregated";

  /** Runs the pipeline through the medians. */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.pipelineUntil("medians", args, PipelineJob.Stage.MEDIANS);
  }

  private MediansJob() {}

  public static Dataset<Row> medians(Dataset<Row> cleanRuns, Dataset<Row> sessions) {
    String[] key = {DEVICE_ID, ARCH_SPACE, ARCH_ID};
    Dataset<Row> runStats = cleanRuns.where(col(CleanJob.USED)).groupBy(DEVICE_ID, ARCH_SPACE, ARCH_ID).agg(
        expr("percentile(latency_ms, array(0.1, 0.25, 0.75, 0.9))").as("_q"),
        mean(LATENCY_MS).as("mean_ms"),
        stddev_samp(LATENCY_MS).as("std_ms"),
        count(lit(1)).as("runs_used"));
    Dataset<Row> sessionStats = sessions.groupBy(DEVICE_ID, ARCH_SPACE, ARCH_ID).agg(
        expr("percentile(CASE WHEN session_used THEN session_median_ms END, 0.5)").as(LATENCY_MS),
        sum(when(col("session_used"), 1).otherwise(0)).as("sessions"),
        count(lit(1)).as("sessions_total"),
        sum(col("outlier_runs")).as("outliers"));
    return sessionStats.where(col(LATENCY_MS).isNotNull()).join(runStats, key)
        .select(col(DEVICE_ID), col(ARCH_SPACE), col(ARCH_ID), col(LATENCY_MS),
            col("_q").getItem(0).as("p10_ms"), col("_q").getItem(3).as("p90_ms"),
            col("_q").getItem(2).minus(col("_q").getItem(1)).as("iqr_ms"),
            col("mean_ms"), col("std_ms"), col("std_ms").divide(col("mean_ms")).as("cv"),
            col("runs_used"), col("sessions"), col("sessions_total"), col("outliers"),
            lit(false).as(AGGREGATED), lit("runs").as(SOURCE));
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
