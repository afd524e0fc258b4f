package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.isnan;
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
 * Nothing is dropped: every input row is either valid or quarantined. The checks run in {@link SessionPass}, which
 * looks up each session's device, arch and description once ({@link RunChecks}, broadcast); cost: one shuffle by
 * session in {@link #validate}, none for sessions read by one task in the pipeline ({@code ValidateAndClean}).
 */
public final class ValidateJob {
  /**
   * Every input row with its verdict ({@code reason} null when valid), and the two sides of it; persist
   * {@code all} when both sides are used, so the checks run once.
   */
  public record Validated(Dataset<Row> all, Dataset<Row> valid, Dataset<Row> quarantine) {}

  /** Runs the pipeline through validation alone: writes the quarantine (and devices). */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.pipelineUntil("validate", args, PipelineJob.Stage.VALIDATE);
  }

  private ValidateJob() {}

  /**
   * @param runs committed raw runs with batch_seq
   * @param sessions newest description per session (may be empty)
   * @param devices newest description per device
   * @param validArchs (arch_space, arch_id) of every valid arch of the spaces present
   */
  public static Validated validate(Dataset<Row> runs, Dataset<Row> sessions, Dataset<Row> devices,
      Dataset<Row> validArchs) {
    return split(SessionPass.judge(runs, RunChecks.of(sessions, devices, validArchs, null), CleaningRules.DEFAULT)
        .verdicts());
  }

  /** The verdicts of a {@link SessionPass} split into valid runs and quarantined ones. */
  static Validated split(Dataset<Row> verdicts) {
    return new Validated(verdicts, verdicts.where(col(REASON).isNull()).select(runColumns()),
        verdicts.where(col(REASON).isNotNull()).select(quarantineColumns()));
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
    Dataset<Row> all = known.withColumn(REASON, reason).withColumn(DETAIL, detail).drop("_arch_valid", "_has_runs");
    return new Validated(all, all.where(col(REASON).isNull()).drop(REASON, DETAIL), all.where(col(REASON).isNotNull()));
  }

  /** The names of the empty required fields, comma-joined, or null. */
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
