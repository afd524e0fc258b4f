package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One latency per (device, arch): the median of its sessions' medians, so a session with more runs does not weigh
 * more and one bad session cannot move it far. Beside it, run-level statistics over the runs used (p10, p90, IQR,
 * mean, std, CV), how many runs and sessions stand behind it and how many outliers were set aside. Percentiles
 * are exact, interpolated linearly between order statistics (numpy's default).
 *
 * <p>Cost: an arch with one session (the usual case: one session per device and arch in a campaign) gets its
 * median from the session pass itself ({@link #ofOneSession}), and those files become the table's; the sessions of
 * the other archs are shuffled by (device, arch) and each partition sorted by arch first ({@link #fromSessions}).
 * The pipeline counts the medians as it writes them ({@link #kinds}), so nothing reads them again for the counts.
 */
public final class MediansJob {
  public static final String AGGREGATED = "aggregated";

  /** Runs the pipeline through the medians. */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.pipelineUntil("medians", args, PipelineJob.Stage.MEDIANS);
  }

  /** Ascending latencies as {@link UsedLatencies} packs them. */
  private static final UserDefinedFunction PACK = udf((UDF1<scala.collection.Seq<Double>, byte[]>) sorted -> {
    double[] x = new double[sorted.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = sorted.apply(i);
    }
    return UsedLatencies.pack(x);
  }, DataTypes.BinaryType);

  private MediansJob() {}

  /** Medians from clean runs and their sessions (the Dataset form; the pipeline has the used latencies at hand). */
  public static Dataset<Row> medians(Dataset<Row> cleanRuns, Dataset<Row> sessions) {
    Dataset<Row> used = cleanRuns.where(col(CleanJob.USED)).groupBy(SESSION_ID)
        .agg(PACK.apply(array_sort(collect_list(LATENCY_MS))).as(SessionPass.USED_MS));
    return fromSessions(sessions.join(used, new String[] {SESSION_ID}, "left"));
  }

  /**
   * Medians from one row per session with {@code _used_ms}, the ascending latencies of its used runs: the sessions
   * (not the runs) are shuffled by (device, arch), and each group's statistics are computed in plain Java
   * ({@link Pooled}). Run-level statistics pool the used runs of all sessions of the (device, arch).
   *
   * <p>Each partition is sorted by arch id first: the sort compares rows by an 8-byte prefix of their first key, and
   * a few devices share thousands of archs while arch ids rarely share their first 8 bytes, so nearly every
   * comparison ends at the prefix. Sorted by device first, every comparison went on to the whole keys: the shuffle
   * and sort of the 444,800 sessions at 10M runs took 1.4–1.6 CPU s instead of 0.8–1.0.
   */
  static Dataset<Row> fromSessions(Dataset<Row> sessions) {
    Dataset<Row> grouped = sessions.select(col(DEVICE_ID), col(ARCH_SPACE), col(ARCH_ID), col("session_used"),
            col(CleanJob.SESSION_MEDIAN_MS), col("outlier_runs"), col(SessionPass.USED_MS))
        .repartition(col(DEVICE_ID), col(ARCH_SPACE), col(ARCH_ID))
        .sortWithinPartitions(ARCH_ID, DEVICE_ID, ARCH_SPACE);
    JavaRDD<InternalRow> medians = grouped.queryExecution().toRdd().toJavaRDD().mapPartitions(Pooled::new);
    return sessions.sparkSession().internalCreateDataFrame(medians.rdd(), Pooled.SCHEMA, false);
  }

  /**
   * The median row of a used session that is its arch's only one ({@link SessionDirectory#alone}): what
   * {@link Pooled} makes of it alone. The session pass writes these itself, so most medians need no shuffle.
   */
  static InternalRow ofOneSession(SessionProcessor.Session s) {
    return new GenericInternalRow(Pooled.values(s.device, s.space, s.arch, s.usedMs, new double[] {s.medianMs}, 1,
        s.outlierRuns));
  }

  /**
   * Reads sessions grouped by (device, space, arch) (sorted by these keys, in any order) and gives one row per
   * group with a used session: the median of the used sessions' medians; p10, p90, IQR (exact, interpolated), mean,
   * sample std and CV of the pooled used runs (summed in ascending order); runs and sessions behind it; the outliers
   * of all its sessions.
   */
  static final class Pooled implements Iterator<InternalRow> {
    static final StructType SCHEMA = new StructType()
        .add(DEVICE_ID, DataTypes.StringType).add(ARCH_SPACE, DataTypes.StringType).add(ARCH_ID, DataTypes.StringType)
        .add(LATENCY_MS, DataTypes.DoubleType).add("p10_ms", DataTypes.DoubleType).add("p90_ms", DataTypes.DoubleType)
        .add("iqr_ms", DataTypes.DoubleType).add("mean_ms", DataTypes.DoubleType).add("std_ms", DataTypes.DoubleType)
        .add("cv", DataTypes.DoubleType).add("runs_used", DataTypes.LongType).add("sessions", DataTypes.LongType)
        .add("sessions_total", DataTypes.LongType).add("outliers", DataTypes.LongType)
        .add(AGGREGATED, DataTypes.BooleanType).add(SOURCE, DataTypes.StringType);
    private static final UTF8String RUNS = UTF8String.fromString("runs");

    private final Iterator<InternalRow> in;
    private InternalRow pending;
    private InternalRow next;

    Pooled(Iterator<InternalRow> in) {
      this.in = in;
      this.pending = in.hasNext() ? in.next().copy() : null;
    }

    @Override
    public boolean hasNext() {
      while (next == null && pending != null) {
        next = group();
      }
      return next != null;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      InternalRow r = next;
      next = null;
      return r;
    }

    /** Consumes one (device, space, arch); null when none of its sessions is used. */
    private InternalRow group() {
      InternalRow first = pending;
      List<double[]> used = new ArrayList<>();
      List<Double> sessionMedians = new ArrayList<>();
      long total = 0;
      long outliers = 0;
      int runs = 0;
      do {
        total++;
        outliers += pending.getLong(5);
        if (pending.getBoolean(3)) {
          sessionMedians.add(pending.getDouble(4));
          double[] x = UsedLatencies.unpack(pending.getBinary(6));
          used.add(x);
          runs += x.length;
        }
        pending = in.hasNext() ? in.next().copy() : null; // the input reuses its row objects
      } while (pending != null && sameGroup(first, pending));
      if (sessionMedians.isEmpty()) {
        return null;
      }
      double[] x = used.size() == 1 ? used.get(0) : new double[runs];
      if (used.size() > 1) {
        int at = 0;
        for (double[] u : used) {
          System.arraycopy(u, 0, x, at, u.length);
          at += u.length;
        }
        Arrays.sort(x);
      }
      double[] medians = sessionMedians.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new GenericInternalRow(values(first.getUTF8String(0), first.getUTF8String(1), first.getUTF8String(2),
          x, medians, total, outliers));
    }

    /**
     * The {@link #SCHEMA} values of a (device, space, arch) from its used sessions' medians and pooled used runs,
     * both ascending, and the number of all its sessions and their outliers.
     */
    static Object[] values(UTF8String device, UTF8String space, UTF8String arch, double[] x, double[] medians,
        long total, long outliers) {
      int n = x.length;
      double sum = 0;
      for (double v : x) {
        sum += v;
      }
      double mean = sum / n;
      Double std = null;
      if (n > 1) {
        double squares = 0;
        for (double v : x) {
          squares += (v - mean) * (v - mean);
        }
        std = Math.sqrt(squares / (n - 1));
      }
      return new Object[] {device, space, arch, Percentiles.of(medians, medians.length, 0.5),
          Percentiles.of(x, n, 0.1), Percentiles.of(x, n, 0.9), Percentiles.of(x, n, 0.75) - Percentiles.of(x, n, 0.25),
          mean, std, std == null ? null : std / mean, (long) n, (long) medians.length, total, outliers, false, RUNS};
    }

    private static boolean sameGroup(InternalRow a, InternalRow b) {
      return a.getUTF8String(0).equals(b.getUTF8String(0)) && a.getUTF8String(1).equals(b.getUTF8String(1))
          && a.getUTF8String(2).equals(b.getUTF8String(2));
    }
  }

  /**
   * Counts medians as a write consumes them ({@link RowTally}): {@code medians} (from runs) and
   * {@code medians_aggregated} (from tables), in that order, of rows of {@code schema}.
   */
  static Function0<RowTally.Counter> kinds(StructType schema) {
    int aggregated = schema.fieldIndex(AGGREGATED);
    return () -> (row, counts) -> counts[row.getBoolean(aggregated) ? 1 : 0]++;
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
