package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;

/**
 * Validation and cleaning of the pipeline in one read of the raw runs, without a shuffle: the collector and the
 * importer write each session's runs together within one batch, so a session's runs normally follow one another
 * in one input partition, and the per-session checks run where the rows are read, as they come. A first pass over
 * the session ids ({@link SessionSpread}) finds the exceptions: when a partition holds a session's runs in more
 * than one stretch, the partitions are sorted by session hash first; a session whose runs lie in more than one
 * partition (a file split by Spark, a session re-imported in another batch, an import written by several tasks)
 * has its rows alone shuffled by session, then judged the same way. The pass writes no copy of the runs: each
 * session's flags and those of its runs go to one {@link RunFlags} row (what {@code clean_runs}, a view, joins with
 * the raw runs), the quarantined runs and the sessions (with the latencies of their used runs, for the medians) to
 * their own files, all from the same tasks ({@link TaskParquetOutput}). The counts are taken as the rows go by
 * (Spark counts accumulators of a job's final stage once per partition).
 */
final class ValidateAndClean {
  /**
   * What the pass wrote in the staging folder: the quarantined runs ({@link SessionPass#QUARANTINED}), the sessions
   * ({@link SessionPass#SESSIONS}), the folders of the sessions table ({@link SessionPass#SESSIONS_TABLE}) and of the
   * run flags ({@link RunFlags#SCHEMA}); the counts, how many
   * sessions needed the shuffle, and whether the partitions had to be sorted by session (a session's runs not
   * together in its partition).
   */
  record Outcome(Dataset<Row> quarantined, Dataset<Row> sessions, String sessionsTable, String runFlags,
      Map<String, Long> counts, long splitSessions, boolean sorted) {}

  private ValidateAndClean() {}

  /**
   * @param runs committed raw runs; the other inputs as {@link ValidateJob#rowChecked} takes them
   * @param staging a folder of this run for the quarantined runs, the sessions and the run flags
   */
  static Outcome run(SparkSession spark, Dataset<Row> runs, Dataset<Row> sessionMetadata, Dataset<Row> devices,
      Dataset<Row> validArchs, CleaningRules rules, String staging) {
    Dataset<Row> hashed = SessionPass.withSessionHash(ValidateJob.rowChecked(runs, sessionMetadata, devices,
        validArchs));
    // the row checks are broadcast joins: the checked rows keep the partitions, and the order, of the runs
    SessionSpread spread = SessionSpread.of(spark, runs);
    Dataset<Row> local = spread.spanning().isEmpty() ? hashed : hashed.join(spanningIds(spark, spread),
        new String[] {SESSION_ID}, "left_anti");
    Dataset<Row> grouped = spread.contiguous() ? local : local.sortWithinPartitions(col(SessionPass.SESSION_HASH));
    if (!spread.spanning().isEmpty()) {
      grouped = grouped.union(hashed.join(spanningIds(spark, spread), new String[] {SESSION_ID}, "left_semi")
          .repartition(col(SessionPass.SESSION_HASH)).sortWithinPartitions(col(SessionPass.SESSION_HASH)));
    }

    TaskParquetOutput quarantine = new TaskParquetOutput(spark, staging + "/quarantine", SessionPass.QUARANTINED);
    TaskParquetOutput sessions = new TaskParquetOutput(spark, staging + "/sessions", SessionPass.SESSIONS);
    TaskParquetOutput flags = new TaskParquetOutput(spark, staging + "/run_flags", RunFlags.SCHEMA);
    TaskParquetOutput table = new TaskParquetOutput(spark, staging + "/sessions_table", SessionPass.SESSIONS_TABLE);
    Counters counters = new Counters(spark);
    SessionPass.Layout layout = new SessionPass.Layout(grouped.schema());
    // every output is a side file: the job's own output is empty, so it goes to the no-op sink
    JavaRDD<InternalRow> none = grouped.queryExecution().toRdd().toJavaRDD().mapPartitions(in ->
        new SessionPass.Judging(in, layout, rules, new ToTables(layout, quarantine, sessions, table, flags,
            counters)));
    spark.internalCreateDataFrame(none.rdd(), SessionPass.CLEAN_RUNS, false).write().format("noop")
        .mode(SaveMode.Overwrite).save();

    Dataset<Row> quarantined = spark.read().schema(quarantine.schema()).parquet(quarantine.dir());
    Dataset<Row> judgedSessions = spark.read().schema(sessions.schema()).parquet(sessions.dir());
    Row seen = judgedSessions.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
        countDistinct(SESSION_ID)).first();
    if (seen.getLong(0) != seen.getLong(1)) {
      throw new IllegalStateException("a session was judged in pieces: " + seen.getLong(0) + " session rows for "
          + seen.getLong(1) + " sessions");
    }
    return new Outcome(quarantined, judgedSessions, table.dir(), flags.dir(), counters.values(), spread.spanning().size(),
        !spread.contiguous());
  }

  private static Dataset<Row> spanningIds(SparkSession spark, SessionSpread spread) {
    return broadcast(spark.createDataFrame(spread.spanning(), new org.apache.spark.sql.types.StructType()
        .add(SESSION_ID, org.apache.spark.sql.types.DataTypes.StringType)));
  }

  /** The pipeline's counts, summed over the tasks. */
  private static final class Counters implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final String[] NAMES = {"clean", "outliers", "quarantined", "warmups", "used", "sessions_judged",
        "sessions_used"};
    private final LongAccumulator[] sums = new LongAccumulator[NAMES.length];

    Counters(SparkSession spark) {
      for (int i = 0; i < NAMES.length; i++) {
        sums[i] = spark.sparkContext().longAccumulator("leti " + NAMES[i]);
      }
    }

    void add(long[] partial) {
      for (int i = 0; i < NAMES.length; i++) {
        sums[i].add(partial[i]);
      }
    }

    Map<String, Long> values() {
      Map<String, Long> m = new LinkedHashMap<>();
      for (int i = 0; i < NAMES.length; i++) {
        m.put(NAMES[i], sums[i].value());
      }
      return m;
    }
  }

  /** Quarantined runs, sessions and run flags to the side files, and counts. */
  private static final class ToTables extends SessionPass.Emitter {
    private final SessionPass.Layout layout;
    private final TaskParquetOutput.Writer quarantine;
    private final TaskParquetOutput.Writer sessions;
    private final TaskParquetOutput.Writer table;
    private final TaskParquetOutput.Writer flags;
    private Object[] metadata;
    private final RunFlags runFlags = new RunFlags();
    private final Counters counters;
    private final long[] counts = new long[Counters.NAMES.length];

    ToTables(SessionPass.Layout layout, TaskParquetOutput quarantine, TaskParquetOutput sessions,
        TaskParquetOutput table, TaskParquetOutput flags, Counters counters) {
      this.layout = layout;
      this.quarantine = quarantine.writer();
      this.sessions = sessions.writer();
      this.table = table.writer();
      this.flags = flags.writer();
      this.counters = counters;
    }

    @Override
    void startSession() {
      runFlags.reset();
      metadata = null;
    }

    @Override
    void run(InternalRow row, SessionProcessor.Run r, SessionProcessor.Session s, ArrayDeque<InternalRow> out) {
      if (metadata == null) {
        metadata = layout.metadata(row); // the same on every run of the session
      }
      if (r.reason != null) {
        quarantine.write(layout.quarantinedRow(row, r));
        runFlags.quarantined(layout.runIndex(row));
        counts[2]++;
        return;
      }
      // the rows are copies the input does not reuse: their strings can be kept
      runFlags.valid(r.runIndex, layout.batchId(row), layout.sourceLine(row), r.outlier);
      counts[r.outlier ? 1 : 0]++;
      counts[3] += r.warmup ? 1 : 0;
      counts[4] += r.used ? 1 : 0;
    }

    @Override
    void session(UTF8String id, SessionProcessor.Session s, ArrayDeque<InternalRow> out) {
      sessions.write(SessionPass.Layout.sessionRow(id, s));
      table.write(SessionPass.Layout.sessionTableRow(id, s, metadata));
      flags.write(runFlags.row(id, s));
      counts[5]++;
      counts[6] += s.used ? 1 : 0;
    }

    @Override
    void finish() {
      quarantine.close();
      sessions.close();
      table.close();
      flags.close();
      counters.add(counts);
    }
  }
}
