package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;

/**
 * Validation and cleaning of the pipeline in one read of the raw runs, without a shuffle: the collector and the
 * importer write each session's runs together within one batch, so a session's runs normally follow one another
 * in one input partition, and the per-session checks run where the rows are read, as they come. The pass reports
 * which sessions it judged where ({@link SessionSpread}), and that is checked after it: a session judged in two
 * partitions (a session re-imported in another batch, an import written by several tasks) or twice in one (its runs
 * not together) makes its verdicts wrong, so the pass's outputs are dropped and it runs again, the runs grouped by
 * session: a first pass over the session ids finds those sessions, the partitions are sorted by session hash when
 * one held a session in more than one stretch, and the sessions in several partitions have their rows alone
 * shuffled by session. When Spark reads a file in pieces (larger than {@code spark.sql.files.maxPartitionBytes}) a
 * session is likely cut, so the grouped pass runs at once. At 10M runs the check saves the first pass over the ids
 * (1.3 s and its planning); a lake whose sessions are apart pays one pass more.
 *
 * <p>The pass reads only the columns the checks and the cleaning need ({@link SessionPass#JUDGED_COLUMNS}) and
 * writes no copy of the runs: each session's flags and those of its runs go to one {@link RunFlags} row (what
 * {@code clean_runs}, a view, joins with the raw runs), the sessions (with the latencies of their used runs, for
 * the medians) and the sessions table to their own files, all from the same tasks ({@link TaskParquetOutput}).
 * A quarantined run must be kept whole, with the columns the pass did not read: the pass notes the sessions (and
 * batches) that have one, and only those are judged again, from whole rows, to write the quarantine — the same
 * judging on the same runs, so the same verdicts (checked by count). The counts are taken as the rows go by (Spark
 * counts accumulators of a job's final stage once per partition).
 */
final class ValidateAndClean {
  /**
   * What the pass wrote in the staging folder: the quarantined runs ({@link SessionPass#QUARANTINED}), the folder
   * of the medians of archs with one session ({@link MediansJob#ofOneSession}), how many and their tally per space,
   * the other sessions ({@link SessionPass#SESSION_LATENCIES}) and whether there is any, the folders of the
   * sessions table ({@link SessionPass#SESSIONS_TABLE}) and of the run flags ({@link RunFlags#SCHEMA}); the counts
   * (with {@code rows_in}, every run the pass read, counted apart from the verdicts), how many sessions needed the
   * shuffle, whether the partitions had to be sorted by session (a session's runs not together in its partition),
   * how many sessions were judged again for their quarantined runs, and how many passes judged the runs (2 when the
   * first, as the rows came, was dropped).
   */
  record Outcome(Dataset<Row> quarantined, String oneSessionMedians, long oneSessionMediansCount,
      MedianTally oneSessionTally, Dataset<Row> sessions, boolean anyOtherSession, String sessionsTable,
      String runFlags, Map<String, Long> counts, long splitSessions, boolean sorted, long rejudgedSessions,
      int passes) {}

  /** A session with a quarantined run (null id: runs without one) and a batch that holds runs of it. */
  private static final StructType AFFECTED = new StructType().add(SESSION_ID, DataTypes.StringType)
      .add(BATCH_ID, DataTypes.StringType);

  private ValidateAndClean() {}

  /**
   * @param raw the committed raw layer
   * @param sessions the directory of the sessions table's descriptions, being built
   * @param devices newest description per device
   * @param validArchs the arch ids of each space present
   * @param staging a folder of this run for the quarantined runs, the sessions and the run flags
   */
  static Outcome run(SparkSession spark, RawInputs raw, CompletableFuture<SessionDirectory> sessions,
      Dataset<Row> devices, Map<UTF8String, List<UTF8String>> validArchs, CleaningRules rules, String staging)
      throws IOException {
    // the pass is planned while the sessions' directory is still being built (the checks wait for it)
    Dataset<Row> runs = raw.committedRuns();
    Dataset<Row> judged = runs.selectExpr(SessionPass.JUDGED_COLUMNS);
    boolean splitsFiles = ColumnarRows.of(judged).splitsFiles();
    Broadcast<RunChecks> checks = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(RunChecks.of(() -> SessionDirectory.await(sessions), devices, validArchs, raw.batchIds()));
    // first as the rows come: the collector and the importer write each session's runs together, in one file
    Pass pass = null;
    int passes = 0;
    if (!splitsFiles) {
      passes++;
      pass = Pass.run(judged, checks, rules, staging + "/pass");
      if (!pass.spread().grouped()) { // a session's runs were apart after all: its verdicts are wrong, drop them all
        Path first = new Path(staging + "/pass");
        first.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(first, true);
        pass = null;
      }
    }
    SessionSpread spread = pass == null ? SessionSpread.read(runs) : pass.spread();
    if (pass == null) {
      passes++;
      pass = Pass.run(grouped(spark, judged, spread), checks, rules, staging + "/grouped");
      if (!pass.spread().grouped()) {
        throw new IllegalStateException("sessions were judged in pieces after grouping by session: "
            + pass.spread().spanning().length + " in several partitions, or one twice in a partition");
      }
    }

    Map<String, Long> counts = pass.counters().values();
    long oneSession = counts.remove("one_session_medians");
    OneSessionMedians medians = new OneSessionMedians(pass.oneSession().dir(), oneSession, pass.tally(),
        spark.read().schema(pass.sessions().schema()).parquet(pass.sessions().dir()),
        counts.get("sessions_judged") > oneSession)
        .withUndescribedSessions(raw, pass.table().dir(), checks, rules, staging);
    counts.put("rows_in", pass.spread().rows());
    // the pass notes the sessions with a quarantined run: none when it quarantined none
    Rejudged quarantine = counts.get("quarantined") == 0 ? Rejudged.none(spark) : quarantined(spark, raw.runs(),
        spark.read().schema(AFFECTED).parquet(pass.affected().dir()), checks, rules, staging + "/quarantine");
    if (quarantine.runs() != counts.get("quarantined")) {
      throw new IllegalStateException("the pass quarantined " + counts.get("quarantined") + " runs, judging their "
          + quarantine.sessions() + " sessions again from whole rows gave " + quarantine.runs());
    }
    return new Outcome(quarantine.rows(), medians.dir(), medians.count(), medians.tally(), medians.otherSessions(),
        medians.anyOther(), pass.table().dir(), pass.flags().dir(), counts, spread.spanning().length,
        !spread.contiguous(), quarantine.sessions(), passes);
  }

  /**
   * The runs grouped by session for a second pass: partitions sorted by session hash when some session's runs were
   * apart in one, and the sessions found in several partitions shuffled to one.
   */
  private static Dataset<Row> grouped(SparkSession spark, Dataset<Row> judged, SessionSpread spread) {
    boolean spanning = spread.spanning().length > 0;
    Dataset<Row> hashed = SessionPass.withSessionHash(judged);
    Dataset<Row> grouped = spanning ? hashed.join(spanningHashes(spark, spread),
        new String[] {SessionPass.SESSION_HASH}, "left_anti") : hashed;
    grouped = spread.contiguous() ? grouped : grouped.sortWithinPartitions(col(SessionPass.SESSION_HASH));
    if (spanning) {
      grouped = grouped.union(hashed.join(spanningHashes(spark, spread), new String[] {SessionPass.SESSION_HASH},
          "left_semi").repartition(col(SessionPass.SESSION_HASH)).sortWithinPartitions(col(SessionPass.SESSION_HASH)));
    }
    return grouped;
  }

  /**
   * One pass of judging over the runs as partitioned: every output a side file in {@code dir} (no row is returned,
   * only what each partition saw, for {@link #spread}), the counts in accumulators.
   */
  private record Pass(TaskParquetOutput affected, TaskParquetOutput oneSession, TaskParquetOutput sessions,
      TaskParquetOutput table, TaskParquetOutput flags, Counters counters, MedianTally tally, SessionSpread spread) {
    static Pass run(Dataset<Row> grouped, Broadcast<RunChecks> checks, CleaningRules rules, String dir) {
      SparkSession spark = grouped.sparkSession();
      TaskParquetOutput affected = new TaskParquetOutput(spark, dir + "/affected", AFFECTED);
      TaskParquetOutput oneSession = new TaskParquetOutput(spark, dir + "/one_session_medians",
          MediansJob.Pooled.SCHEMA, DEVICE_ID, ARCH_SPACE, SOURCE);
      TaskParquetOutput sessions = new TaskParquetOutput(spark, dir + "/sessions", SessionPass.SESSION_LATENCIES,
          DEVICE_ID, ARCH_SPACE);
      TaskParquetOutput flags = new TaskParquetOutput(spark, dir + "/run_flags", RunFlags.SCHEMA);
      TaskParquetOutput table = new TaskParquetOutput(spark, dir + "/sessions_table", SessionPass.SESSIONS_TABLE,
          DEVICE_ID, ARCH_SPACE, BACKEND);
      Counters counters = new Counters(spark);
      MedianTally tally = MedianTally.register(spark);
      ColumnarRows.Input input = ColumnarRows.of(grouped); // from column batches unless sorted or shuffled
      SessionPass.Layout layout = new SessionPass.Layout(input.schema());
      List<SessionSpread.Partition> seen = input.mapPartitions(in -> {
        SessionPass.Judging judging = new SessionPass.Judging(in, layout, checks.value(), rules,
            new ToTables(affected, oneSession, sessions, table, flags, counters, tally), false);
        while (judging.hasNext()) {
          judging.next(); // ToTables returns no rows: all goes to the side files
        }
        return List.of(judging.seen()).iterator();
      }).collect();
      return new Pass(affected, oneSession, sessions, table, flags, counters, tally, SessionSpread.of(seen));
    }
  }

  /**
   * The medians the pass made of archs with one session (a folder of {@link MediansJob.Pooled#SCHEMA} rows, how
   * many, and their tally per space), and the sessions of the other archs ({@link SessionPass#SESSION_LATENCIES})
   * and whether there is any.
   */
  private record OneSessionMedians(String dir, long count, MedianTally tally, Dataset<Row> otherSessions,
      boolean anyOther) {
    /**
     * An arch the sessions table gives one session can still have runs of sessions it does not describe (their
     * device, space and arch come from their runs): then its median must pool them all. Those archs' sessions are
     * judged again from whole rows and go with the other sessions; the pass's medians of them are left out. The
     * same judging on the same runs gives the same sessions. Nothing to do in the usual case: every session
     * described.
     */
    OneSessionMedians withUndescribedSessions(RawInputs raw, String sessionsTable, Broadcast<RunChecks> checks,
        CleaningRules rules, String staging) {
      SparkSession spark = otherSessions.sparkSession();
      if (!anyOther) {
        return this;
      }
      String[] key = {DEVICE_ID, ARCH_SPACE, ARCH_ID};
      Dataset<Row> medians = spark.read().schema(MediansJob.Pooled.SCHEMA).parquet(dir);
      Dataset<Row> shared = otherSessions.select(DEVICE_ID, ARCH_SPACE, ARCH_ID).distinct()
          .join(medians.select(DEVICE_ID, ARCH_SPACE, ARCH_ID), key, "left_semi");
      List<Row> archs = shared.collectAsList();
      if (archs.isEmpty()) {
        return this;
      }
      Dataset<Row> again = broadcast(spark.createDataFrame(archs, shared.schema()));
      Dataset<Row> ids = spark.read().schema(SessionPass.SESSIONS_TABLE).parquet(sessionsTable)
          .join(again, key, "left_semi").select(SESSION_ID);
      Dataset<Row> judged = SessionPass.judge(raw.runs().join(broadcast(ids), new String[] {SESSION_ID}, "left_semi"),
          checks, rules).sessions().selectExpr(SessionPass.SESSION_LATENCIES.fieldNames());
      String kept = staging + "/one_session_medians_kept";
      MedianTally keptTally = MedianTally.register(spark);
      keptTally.tallying(medians.join(again, key, "left_anti")).write().parquet(kept);
      return new OneSessionMedians(kept, spark.read().parquet(kept).count(), keptTally,
          otherSessions.join(again, key, "left_anti").unionByName(judged), true);
    }
  }

  /** The quarantined runs, whole, written to {@code dir}; how many, from how many sessions judged again. */
  private record Rejudged(Dataset<Row> rows, long runs, long sessions) {
    static Rejudged none(SparkSession spark) {
      return new Rejudged(spark.createDataFrame(List.of(), SessionPass.QUARANTINED), 0, 0);
    }
  }

  /**
   * Judges the sessions with a quarantined run again, from whole rows (all their runs, in the batches that hold
   * them; the runs without a session in those batches), and writes their quarantined runs to {@code dir}.
   */
  private static Rejudged quarantined(SparkSession spark, Dataset<Row> runs, Dataset<Row> affected,
      Broadcast<RunChecks> checks, CleaningRules rules, String dir) {
    List<Row> pairs = affected.distinct().collectAsList();
    if (pairs.isEmpty()) {
      return Rejudged.none(spark);
    }
    Set<String> batches = new TreeSet<>();
    Set<String> ids = new TreeSet<>();
    boolean withoutSession = false;
    for (Row p : pairs) {
      batches.add(p.getString(1));
      if (p.isNullAt(0)) {
        withoutSession = true;
      } else {
        ids.add(p.getString(0));
      }
    }
    Dataset<Row> inBatches = runs.where(col(BATCH_ID).isin(batches.toArray()));
    List<Row> idRows = new ArrayList<>();
    for (String id : ids) {
      idRows.add(RowFactory.create(id));
    }
    Dataset<Row> rows = inBatches.join(broadcast(spark.createDataFrame(idRows, new StructType()
        .add(SESSION_ID, DataTypes.StringType))), new String[] {SESSION_ID}, "left_semi");
    if (withoutSession) {
      rows = rows.unionByName(inBatches.where(col(SESSION_ID).isNull()));
    }
    ValidateJob.split(SessionPass.judge(rows, checks, rules).verdicts()).quarantine().write().parquet(dir);
    Dataset<Row> written = spark.read().schema(SessionPass.QUARANTINED).parquet(dir);
    return new Rejudged(written, written.count(), ids.size() + (withoutSession ? 1 : 0));
  }

  private static Dataset<Row> spanningHashes(SparkSession spark, SessionSpread spread) {
    List<Row> rows = new ArrayList<>(spread.spanning().length);
    for (long h : spread.spanning()) {
      rows.add(RowFactory.create(h));
    }
    return broadcast(spark.createDataFrame(rows, new StructType().add(SessionPass.SESSION_HASH, DataTypes.LongType)));
  }

  /** The pipeline's counts, summed over the tasks. */
  private static final class Counters implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final String[] NAMES = {"clean", "outliers", "quarantined", "warmups", "used", "sessions_judged",
        "sessions_used", "one_session_medians"};
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

  /**
   * Medians of lone sessions, the other sessions, the sessions table and run flags to the side files, the sessions
   * with a quarantined run, and counts.
   */
  private static final class ToTables extends SessionPass.Emitter {
    private final TaskParquetOutput.Writer affected;
    private final TaskParquetOutput.Writer oneSession;
    private final TaskParquetOutput.Writer sessions;
    private final TaskParquetOutput.Writer table;
    private final TaskParquetOutput.Writer flags;
    private final RunFlags runFlags = new RunFlags();
    private final Counters counters;
    private final MedianTally tally;
    private final long[] counts = new long[Counters.NAMES.length];
    private boolean quarantinedRun;

    ToTables(TaskParquetOutput affected, TaskParquetOutput oneSession, TaskParquetOutput sessions,
        TaskParquetOutput table, TaskParquetOutput flags, Counters counters, MedianTally tally) {
      super(false);
      this.affected = affected.writer();
      this.oneSession = oneSession.writer();
      this.sessions = sessions.writer();
      this.table = table.writer();
      this.flags = flags.writer();
      this.counters = counters;
      this.tally = tally;
    }

    @Override
    void run(InternalRow row, SessionProcessor.Run r, SessionProcessor.Session s, ArrayDeque<InternalRow> out) {
      if (r.reason != null) {
        runFlags.quarantined(r.runIndex);
        quarantinedRun = true;
        counts[2]++;
        return;
      }
      runFlags.valid(r.runIndex, r.batchId, r.sourceLine, r.sourceLineKnown, r.outlier);
      counts[r.outlier ? 1 : 0]++;
      counts[3] += r.warmup ? 1 : 0;
      counts[4] += r.used ? 1 : 0;
    }

    @Override
    void session(UTF8String id, List<SessionProcessor.Run> runs, SessionProcessor.Session s, Object[] metadata,
        boolean alone, ArrayDeque<InternalRow> out) {
      if (quarantinedRun) {
        Set<UTF8String> batches = new HashSet<>();
        for (SessionProcessor.Run r : runs) {
          if (batches.add(r.batchId)) {
            affected.write(new GenericInternalRow(new Object[] {id, r.batchId}));
          }
        }
      }
      if (s != null) {
        if (alone && s.used) {
          InternalRow median = MediansJob.ofOneSession(s); // no shuffle for its medians
          oneSession.write(median);
          tally.add(median);
          counts[7]++;
        } else {
          sessions.write(SessionPass.Layout.latenciesRow(s));
        }
        table.write(SessionPass.Layout.sessionTableRow(id, s, metadata));
        flags.write(runFlags.row(id, s));
        counts[5]++;
        counts[6] += s.used ? 1 : 0;
      }
      runFlags.reset();
      quarantinedRun = false;
    }

    @Override
    void finish() {
      affected.close();
      oneSession.close();
      sessions.close();
      table.close();
      flags.close();
      counters.add(counts);
    }
  }
}
