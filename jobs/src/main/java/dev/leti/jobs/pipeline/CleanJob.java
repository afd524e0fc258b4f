package dev.leti.jobs.pipeline;

import static dev.leti.jobs.lake.Columns.*;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Flags valid runs; it never drops one. Warm-up runs stay, flagged, out of every statistic. Outliers are judged
 * within their session against its non-warm-up runs ({@link CleaningRules}); a session is then flagged
 * {@code too_few_runs}, {@code drifting} (first and last thirds disagree) or {@code throttled} (temperature rose or
 * clock fell during it), and {@code used} marks the runs the medians are made of.
 *
 * <p>Cost: the session statistics are windows and an aggregation over the same partitioning by session, so the
 * job shuffles once (by session) plus a join of the small session table back to the runs.
 */
public final class CleanJob {
  public static final String IS_OUTLIER = "is_outlier";
  public static final String USED = "used";
  public static final String SESSION_MEDIAN_MS = "session_median_ms";

  /** Runs with their flags, and one row per session. */
  public record Cleaned(Dataset<Row> runs, Dataset<Row> sessions) {}

  private CleanJob() {}

  public static Cleaned clean(Dataset<Row> valid, Dataset<Row> sessionMetadata, CleaningRules rules) {
    WindowSpec session = Window.partitionBy(SESSION_ID);
    Column measured = not(col(WARMUP));
    Dataset<Row> withCenter = valid
        .withColumn("_median", expr("percentile(" + nullUnlessMeasured() + ", 0.5)").over(session))
        .withColumn("_q1", expr("percentile(" + nullUnlessMeasured() + ", 0.25)").over(session))
        .withColumn("_q3", expr("percentile(" + nullUnlessMeasured() + ", 0.75)").over(session));
    Dataset<Row> withSpread = withCenter
        .withColumn("_mad", expr("percentile(CASE WHEN NOT warmup THEN abs(latency_ms - _median) END, 0.5)")
            .over(session));
    Column floor = col("_median").multiply(rules.minRelativeSpread());
    Column outlier = rules.outlierRule().equals("mad")
        ? abs(col(LATENCY_MS).minus(col("_median")))
            .gt(greatest(col("_mad").multiply(1.4826), floor).multiply(rules.madK()))
        : col(LATENCY_MS).lt(col("_q1").minus(greatest(col("_q3").minus(col("_q1")), floor).multiply(rules.iqrK())))
            .or(col(LATENCY_MS).gt(col("_q3").plus(greatest(col("_q3").minus(col("_q1")), floor)
                .multiply(rules.iqrK()))));
    Dataset<Row> flagged = withSpread.withColumn(IS_OUTLIER, measured.and(outlier));

    Column good = measured.and(not(col(IS_OUTLIER)));
    WindowSpec goodOrder = Window.partitionBy(SESSION_ID).orderBy(col(RUN_INDEX));
    Dataset<Row> goodRuns = flagged.where(good)
        .withColumn("_rank", row_number().over(goodOrder))
        .withColumn("_n", count(lit(1)).over(session));
    Dataset<Row> thirds = goodRuns.groupBy(SESSION_ID).agg(
        expr("percentile(latency_ms, 0.5)").as(SESSION_MEDIAN_MS),
        count(lit(1)).as("good_runs"),
        expr("percentile(CASE WHEN _rank <= floor(_n / 3) THEN latency_ms END, 0.5)").as("_first_third"),
        expr("percentile(CASE WHEN _rank > _n - floor(_n / 3) THEN latency_ms END, 0.5)").as("_last_third"));
    Dataset<Row> perSession = flagged.groupBy(SESSION_ID).agg(
        first(DEVICE_ID).as(DEVICE_ID), first(ARCH_SPACE).as(ARCH_SPACE), first(ARCH_ID).as(ARCH_ID),
        count(lit(1)).as("runs"),
        sum(when(col(WARMUP), 1).otherwise(0)).as("warmup_runs"),
        sum(when(col(IS_OUTLIER), 1).otherwise(0)).as("outlier_runs"),
        first("_mad").as("mad_ms"),
        min(STARTED_AT_MS).as("first_started_at_ms"),
        (max(TEMPERATURE_C).minus(min(TEMPERATURE_C))).as("temperature_rise_c"),
        (max(CLOCK_MHZ).minus(min(CLOCK_MHZ))).divide(max(CLOCK_MHZ)).as("clock_drop"),
        first(BACKEND, true).as(BACKEND));
    Column drift = abs(col("_last_third").minus(col("_first_third"))).divide(col(SESSION_MEDIAN_MS));
    Dataset<Row> sessions = perSession.join(thirds, new String[] {SESSION_ID}, "left")
        .withColumn("good_runs", org.apache.spark.sql.functions.coalesce(col("good_runs"), lit(0L)))
        .withColumn("drift", drift)
        .withColumn("too_few_runs", col("good_runs").lt(rules.minGoodRuns()))
        .withColumn("drifting", org.apache.spark.sql.functions.coalesce(drift.gt(rules.driftThreshold()), lit(false)))
        .withColumn("throttled", org.apache.spark.sql.functions.coalesce(
            col("temperature_rise_c").gt(rules.maxTemperatureRise()).or(col("clock_drop").gt(rules.maxClockDrop())),
            lit(false)))
        .drop("_first_third", "_last_third");
    Column sessionUsed = not(col("too_few_runs"))
        .and(rules.excludeDrifting() ? not(col("drifting")) : lit(true))
        .and(rules.excludeThrottled() ? not(col("throttled")) : lit(true));
    sessions = sessions.withColumn("session_used", sessionUsed)
        .join(sessionMetadata.select(col(SESSION_ID), col(INIT_MS), col(FIRST_INFERENCE_MS), col(PARAMS)),
            new String[] {SESSION_ID}, "left");

    Dataset<Row> runs = flagged
        .join(sessions.select(col(SESSION_ID), col(SESSION_MEDIAN_MS), col("too_few_runs"), col("drifting"),
            col("throttled"), col("session_used")), SESSION_ID)
        .withColumn(USED, good.and(col("session_used")))
        .drop("_median", "_q1", "_q3", "_mad", "session_used");
    return new Cleaned(runs, sessions);
  }

  private static String nullUnlessMeasured() {
    return "CASE WHEN NOT warmup THEN latency_ms END";
  }
}
