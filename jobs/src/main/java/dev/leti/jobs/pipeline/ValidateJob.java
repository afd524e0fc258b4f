package dev.leti.jobs.pipeline;

import static dev.leti.jobs.lake.Columns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Splits committed raw runs into valid runs and quarantined ones, each with one reason (the first check it fails,
 * in this order):
 *
 * <ol>
 *   <li>{@code unparseable}: a field of the source line did not read as its type ({@code detail} names it);
 *   <li>{@code missing_field}: device, space, arch, session, run index, warm-up flag, latency or start time empty;
 *   <li>{@code latency_nan}, {@code latency_infinite}, {@code latency_not_positive};
 *   <li>{@code bad_run_index}: negative;
 *   <li>{@code unknown_device}: not in the devices table (import it with the runs, or let the collector);
 *   <li>{@code invalid_arch}: not an architecture of its space (unknown space, not a hash of a valid NB-101 cell,
 *       not an NB-201 index);
 *   <li>{@code session_mismatch}: the run's device or arch differs from its session's (the sessions table, or else
 *       the session's first run);
 *   <li>{@code duplicate_run}: a (session, run index) seen before (earlier batch, then earlier line, wins);
 *   <li>{@code timestamp_out_of_order}: started before the previous run of its session.
 * </ol>
 *
 * Nothing is dropped: every input row is either valid or quarantined. Cost: broadcast joins with the devices,
 * sessions and the space's arch ids, then one shuffle by session for the per-session checks.
 */
public final class ValidateJob {
  public static final String ROW_ORDER = "_row_order";

  /** The two sides of validation; together they hold every input row exactly once. */
  public record Validated(Dataset<Row> valid, Dataset<Row> quarantine) {}

  private ValidateJob() {}

  /**
   * @param runs committed raw runs with batch_seq
   * @param sessions newest description per session (may be empty)
   * @param devices newest description per device
   * @param validArchs (arch_space, arch_id) of every valid arch of the spaces present
   */
  public static Validated validate(Dataset<Row> runs, Dataset<Row> sessions, Dataset<Row> devices,
      Dataset<Row> validArchs) {
    Dataset<Row> known = runs
        .join(broadcast(devices.select(col(DEVICE_ID), lit(true).as("_device_known"))), DEVICE_ID, "left")
        .join(broadcast(validArchs.select(col(ARCH_SPACE), col(ARCH_ID), lit(true).as("_arch_valid"))),
            new String[] {ARCH_SPACE, ARCH_ID}, "left")
        .join(broadcast(sessions.select(col(SESSION_ID), col(DEVICE_ID).as("_session_device"),
            col(ARCH_SPACE).as("_session_space"), col(ARCH_ID).as("_session_arch"))), SESSION_ID, "left");

    Column missing = missingFields();
    Column rowReason = when(col(PARSE_ERROR).isNotNull(), lit("unparseable"))
        .when(missing.isNotNull(), lit("missing_field"))
        .when(isnan(col(LATENCY_MS)), lit("latency_nan"))
        .when(col(LATENCY_MS).equalTo(Double.POSITIVE_INFINITY).or(col(LATENCY_MS).equalTo(Double.NEGATIVE_INFINITY)),
            lit("latency_infinite"))
        .when(col(LATENCY_MS).leq(0), lit("latency_not_positive"))
        .when(col(RUN_INDEX).lt(0), lit("bad_run_index"))
        .when(col("_device_known").isNull(), lit("unknown_device"))
        .when(col("_arch_valid").isNull(), lit("invalid_arch"));
    Column rowDetail = when(col(PARSE_ERROR).isNotNull(), col(PARSE_ERROR))
        .when(missing.isNotNull(), missing)
        .when(isnan(col(LATENCY_MS)).or(col(LATENCY_MS).leq(0)).or(col(LATENCY_MS).equalTo(Double.POSITIVE_INFINITY)),
            concat(lit("latency_ms="), col(LATENCY_MS).cast("string")))
        .when(col(RUN_INDEX).lt(0), concat(lit("run_index="), col(RUN_INDEX).cast("string")))
        .when(col("_device_known").isNull(), concat(lit("device "), col(DEVICE_ID)))
        .when(col("_arch_valid").isNull(), concat(col(ARCH_SPACE), lit(" "), col(ARCH_ID)));
    Dataset<Row> checked = known.withColumn(REASON, rowReason).withColumn(DETAIL, rowDetail)
        .withColumn(ROW_ORDER, coalesce(col(SOURCE_LINE), lit(0L)));

    // per-session checks, among rows that passed the row checks
    WindowSpec session = Window.partitionBy(SESSION_ID).orderBy(col(RUN_INDEX), col(RawInputs.BATCH_SEQ), col(ROW_ORDER));
    WindowSpec sameRun = Window.partitionBy(SESSION_ID, RUN_INDEX).orderBy(col(RawInputs.BATCH_SEQ), col(ROW_ORDER));
    Dataset<Row> rowValid = checked.where(col(REASON).isNull())
        .withColumn("_expect_device", coalesce(col("_session_device"), first(DEVICE_ID).over(session)))
        .withColumn("_expect_space", coalesce(col("_session_space"), first(ARCH_SPACE).over(session)))
        .withColumn("_expect_arch", coalesce(col("_session_arch"), first(ARCH_ID).over(session)))
        .withColumn("_copy", row_number().over(sameRun));
    Column mismatch = col(DEVICE_ID).notEqual(col("_expect_device"))
        .or(col(ARCH_SPACE).notEqual(col("_expect_space"))).or(col(ARCH_ID).notEqual(col("_expect_arch")));
    Dataset<Row> sessionChecked = rowValid
        .withColumn(REASON, when(mismatch, lit("session_mismatch")).when(col("_copy").gt(1), lit("duplicate_run")))
        .withColumn(DETAIL, when(mismatch, concat(lit("session is "), col("_expect_device"), lit(" "),
            col("_expect_space"), lit(" "), col("_expect_arch"))));
    Dataset<Row> ordered = sessionChecked.where(col(REASON).isNull())
        .withColumn("_previous_start", lag(STARTED_AT_MS, 1).over(session))
        .withColumn(REASON, when(col(STARTED_AT_MS).lt(col("_previous_start")), lit("timestamp_out_of_order")))
        .withColumn(DETAIL, when(col(REASON).isNotNull(),
            concat(lit("started "), col(STARTED_AT_MS).cast("string"), lit(" before the previous run at "),
                col("_previous_start").cast("string"))));

    Dataset<Row> quarantine = checked.where(col(REASON).isNotNull()).select(quarantineColumns())
        .unionByName(sessionChecked.where(col(REASON).isNotNull()).select(quarantineColumns()))
        .unionByName(ordered.where(col(REASON).isNotNull()).select(quarantineColumns()));
    Dataset<Row> valid = ordered.where(col(REASON).isNull()).select(runColumns());
    return new Validated(valid, quarantine);
  }

  /**
   * Checks the rows of imported aggregated tables: {@code unparseable}, {@code missing_field}, the latency
   * reasons, {@code invalid_arch}, {@code device_has_runs} (a device's medians come from its runs when it has
   * any) and {@code duplicate_row} (the same source, device and arch again: the newest batch, then the first line,
   * wins).
   *
   * @param measuredDevices device ids that have runs
   */
  public static Validated validateTableRows(Dataset<Row> rows, Dataset<Row> validArchs, Dataset<Row> measuredDevices) {
    Dataset<Row> known = rows
        .join(broadcast(validArchs.select(col(ARCH_SPACE), col(ARCH_ID), lit(true).as("_arch_valid"))),
            new String[] {ARCH_SPACE, ARCH_ID}, "left")
        .join(broadcast(measuredDevices.select(col(DEVICE_ID), lit(true).as("_has_runs"))), DEVICE_ID, "left");
    Column missing = missingFields(DEVICE_ID, ARCH_SPACE, ARCH_ID, LATENCY_MS);
    WindowSpec same = Window.partitionBy("table_source", DEVICE_ID, ARCH_SPACE, ARCH_ID)
        .orderBy(col(RawInputs.BATCH_SEQ).desc(), col(SOURCE_LINE));
    Column reason = when(col(PARSE_ERROR).isNotNull(), lit("unparseable"))
        .when(missing.isNotNull(), lit("missing_field"))
        .when(isnan(col(LATENCY_MS)), lit("latency_nan"))
        .when(col(LATENCY_MS).equalTo(Double.POSITIVE_INFINITY), lit("latency_infinite"))
        .when(col(LATENCY_MS).leq(0), lit("latency_not_positive"))
        .when(col("_arch_valid").isNull(), lit("invalid_arch"))
        .when(col("_has_runs").isNotNull(), lit("device_has_runs"))
        .when(row_number().over(same).gt(1), lit("duplicate_row"));
    Column detail = when(col(PARSE_ERROR).isNotNull(), col(PARSE_ERROR))
        .when(missing.isNotNull(), missing)
        .when(col("_arch_valid").isNull(), concat(col(ARCH_SPACE), lit(" "), col(ARCH_ID)));
    Dataset<Row> checked = known.withColumn(REASON, reason).withColumn(DETAIL, detail);
    return new Validated(checked.where(col(REASON).isNull()).drop(REASON, DETAIL, "_arch_valid", "_has_runs"),
        checked.where(col(REASON).isNotNull()).drop("_arch_valid", "_has_runs"));
  }

  /** The names of the empty required fields, comma-joined, or null. */
  private static Column missingFields() {
    return missingFields(DEVICE_ID, ARCH_SPACE, ARCH_ID, SESSION_ID, RUN_INDEX, WARMUP, LATENCY_MS, STARTED_AT_MS);
  }

  private static Column missingFields(String... required) {
    Column[] names = new Column[required.length];
    for (int i = 0; i < required.length; i++) {
      names[i] = when(col(required[i]).isNull(), lit(required[i]));
    }
    Column joined = concat_ws(",", names); // skips the nulls
    return when(joined.equalTo(""), lit(null).cast("string")).otherwise(joined);
  }

  static Column[] runColumns() {
    String[] names = dev.leti.jobs.lake.RawSchemas.RUNS.fieldNames();
    Column[] cols = new Column[names.length + 2];
    for (int i = 0; i < names.length; i++) {
      cols[i] = col(names[i]);
    }
    cols[names.length] = col(BATCH_ID);
    cols[names.length + 1] = col(RawInputs.BATCH_SEQ);
    return cols;
  }

  private static Column[] quarantineColumns() {
    Column[] run = runColumns();
    Column[] cols = java.util.Arrays.copyOf(run, run.length + 2);
    cols[run.length] = col(REASON);
    cols[run.length + 1] = col(DETAIL);
    return cols;
  }
}
