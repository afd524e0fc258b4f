package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.leti.jobs.pipeline.CleanJob;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * How well the lake's medians agree with the measurements behind them, model-free: a model of the architecture
 * alone cannot match a median more often than the arch's own runs agree with it.
 * <ul>
 *   <li><b>odd/even</b>: a session's medians of its odd and even runs agree within ±10 % (repeatability of a median
 *       taken across the whole session: the figure ../shared calls the noise ceiling);
 *   <li><b>halves</b>: the medians of its first and second halves agree within ±10 % (what changes during a
 *       session, e.g. contention that starts or stops, shows here and not in odd/even);
 *   <li><b>own fast runs</b>: the arch's median is within ±10 % of its own p10 times the device's typical
 *       median/p10 ratio. A model that knew every arch's fast runs exactly, and nothing of the host's state while
 *       it was measured, would miss the others.
 * </ul>
 * Only used runs of used sessions count ({@code leti.clean_runs}); archs from aggregated tables have no runs.
 */
public final class MeasurementCeiling {
  private static final double WITHIN = 0.10;

  /** One device's figures: shares of its used sessions (odd/even, halves) and of its measured archs. */
  public record DeviceCeiling(String device, long sessions, double oddEvenWithin10, double halvesWithin10,
      int archs, double medianToP10, double ownFastRunsWithin10) {}

  private MeasurementCeiling() {}

  /** Every device with used runs of the space, in device order; none when the lake has no runs (tables only). */
  public static List<DeviceCeiling> run(SparkSession spark, Lake lake, String space) {
    if (!spark.catalog().tableExists("leti.clean_runs")) {
      return List.of();
    }
    WindowSpec inSession = Window.partitionBy(Columns.SESSION_ID).orderBy(Columns.RUN_INDEX);
    Dataset<Row> runs = spark.table("leti.clean_runs")
        .where(col(CleanJob.USED).and(col(Columns.ARCH_SPACE).equalTo(space)))
        .select(col(Columns.DEVICE_ID), col(Columns.SESSION_ID), col(Columns.LATENCY_MS),
            row_number().over(inSession).as("position"),
            count("*").over(Window.partitionBy(Columns.SESSION_ID)).as("used_runs"));
    Dataset<Row> splits = runs.groupBy(Columns.DEVICE_ID, Columns.SESSION_ID).agg(
        median(col("position").mod(2).equalTo(1)).as("odd"), median(col("position").mod(2).equalTo(0)).as("even"),
        median(col("position").leq(col("used_runs").divide(2))).as("first"),
        median(col("position").gt(col("used_runs").divide(2))).as("second"));
    List<Row> sessions = splits.where("odd IS NOT NULL AND even IS NOT NULL AND first IS NOT NULL "
        + "AND second IS NOT NULL").orderBy(Columns.DEVICE_ID).collectAsList();
    Dataset<Row> medians = spark.read().parquet(lake.latencyMedians())
        .where(col(Columns.ARCH_SPACE).equalTo(space).and(col("aggregated").equalTo(false)));

    List<DeviceCeiling> out = new ArrayList<>();
    for (String device : sessions.stream().map(r -> r.getString(0)).distinct().toList()) {
      List<Row> own = sessions.stream().filter(r -> r.getString(0).equals(device)).toList();
      double oddEven = own.stream().filter(r -> agree(r.getDouble(2), r.getDouble(3))).count() / (double) own.size();
      double halves = own.stream().filter(r -> agree(r.getDouble(4), r.getDouble(5))).count() / (double) own.size();
      List<Row> archs = medians.where(col(Columns.DEVICE_ID).equalTo(device))
          .select(col(Columns.LATENCY_MS), col("p10_ms")).collectAsList();
      double[] ratios = archs.stream().mapToDouble(r -> r.getDouble(0) / r.getDouble(1)).toArray();
      double typical = DriftCorrection.median(ratios.clone());
      double fromFastRuns = archs.stream().filter(r -> agree(r.getDouble(0), r.getDouble(1) * typical)).count()
          / (double) archs.size();
      out.add(new DeviceCeiling(device, own.size(), oddEven, halves, archs.size(), typical, fromFastRuns));
    }
    return out;
  }

  private static boolean agree(double measured, double other) {
    return Math.abs(other / measured - 1) <= WITHIN;
  }

  /** The median latency of the runs where {@code which} holds (null when none does). */
  private static Column median(Column which) {
    return functions.median(when(which, col(Columns.LATENCY_MS)));
  }
}
