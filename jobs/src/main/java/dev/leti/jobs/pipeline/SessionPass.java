package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import dev.leti.jobs.lake.RawSchemas;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Runs {@link SessionProcessor} over every session of rows that arrive grouped by session within their partition:
 * sorted by {@code _session_hash} (a 64-bit hash of the session id, so Spark's radix sort applies), then put in
 * run order per session here. Rows stay Spark's internal rows throughout: no conversion to {@link Row} and back.
 *
 * <p>{@link #judge} is the Dataset form (one shuffle by session, for any input); the pipeline groups without a
 * shuffle where it can ({@link ValidateAndClean}).
 */
public final class SessionPass {
  static final String ROW_REASON = "_row_reason";
  static final String ROW_DETAIL = "_row_detail";
  static final String EXPECT_DEVICE = "_session_device";
  static final String EXPECT_SPACE = "_session_space";
  static final String EXPECT_ARCH = "_session_arch";
  static final String SESSION_HASH = "_session_hash";
  /** The session's metadata beside each run (optional: null when absent), for the sessions table. */
  static final String[] SESSION_METADATA = {"_session_init_ms", "_session_first_inference_ms", "_session_params"};
  /** Latencies of a session's used runs, ascending, packed ({@link UsedLatencies}): what the medians come from. */
  static final String USED_MS = "_used_ms";

  /** Columns of the clean runs: the raw run, its batch, its flags. */
  static final StructType RUN_FLAGS = new StructType()
      .add(CleanJob.IS_OUTLIER, DataTypes.BooleanType)
      .add(CleanJob.USED, DataTypes.BooleanType)
      .add(CleanJob.SESSION_MEDIAN_MS, DataTypes.DoubleType)
      .add("too_few_runs", DataTypes.BooleanType)
      .add("drifting", DataTypes.BooleanType)
      .add("throttled", DataTypes.BooleanType);
  /** Columns of a session row besides its ids (session_id, device_id, arch_space, arch_id, backend). */
  static final StructType SESSION_STATS = new StructType()
      .add("runs", DataTypes.LongType)
      .add("warmup_runs", DataTypes.LongType)
      .add("outlier_runs", DataTypes.LongType)
      .add("good_runs", DataTypes.LongType)
      .add("mad_ms", DataTypes.DoubleType)
      .add("first_started_at_ms", DataTypes.LongType)
      .add("temperature_rise_c", DataTypes.DoubleType)
      .add("clock_drop", DataTypes.DoubleType)
      .add("drift", DataTypes.DoubleType)
      .add("session_used", DataTypes.BooleanType);

  private static final StructType RAW_AND_BATCH = RawSchemas.RUNS.add(BATCH_ID, DataTypes.StringType)
      .add(RawInputs.BATCH_SEQ, DataTypes.IntegerType);
  /** A run with its verdict: reason and detail (null when valid), then its flags (null when quarantined). */
  static final StructType VERDICTS = concat(RAW_AND_BATCH.add(REASON, DataTypes.StringType)
      .add(DETAIL, DataTypes.StringType), RUN_FLAGS);
  /** A valid run: what {@code clean_runs} holds. */
  static final StructType CLEAN_RUNS = concat(RAW_AND_BATCH, RUN_FLAGS);
  /** A quarantined run, before the pipeline adds its row kind and run id. */
  static final StructType QUARANTINED = RAW_AND_BATCH.add(REASON, DataTypes.StringType)
      .add(DETAIL, DataTypes.StringType);
  /** A session with a valid run: its ids, statistics, flags and used latencies. */
  static final StructType SESSIONS = concat(concat(new StructType().add(SESSION_ID, DataTypes.StringType)
      .add(DEVICE_ID, DataTypes.StringType).add(ARCH_SPACE, DataTypes.StringType).add(ARCH_ID, DataTypes.StringType)
      .add(BACKEND, DataTypes.StringType), SESSION_STATS), new StructType()
      .add(CleanJob.SESSION_MEDIAN_MS, DataTypes.DoubleType).add("too_few_runs", DataTypes.BooleanType)
      .add("drifting", DataTypes.BooleanType).add("throttled", DataTypes.BooleanType))
      .add(USED_MS, DataTypes.BinaryType);

  /** The {@code sessions} table: a judged session (without its used latencies) and its metadata. */
  static final StructType SESSIONS_TABLE = concat(new StructType(java.util.Arrays.copyOf(SESSIONS.fields(),
      SESSIONS.size() - 1)), new StructType().add(INIT_MS, DataTypes.DoubleType)
      .add(FIRST_INFERENCE_MS, DataTypes.DoubleType).add(PARAMS, DataTypes.LongType));

  private SessionPass() {}

  private static StructType concat(StructType a, StructType b) {
    StructType s = a;
    for (var f : b.fields()) {
      s = s.add(f);
    }
    return s;
  }

  /** Runs and sessions as judged by the pass. */
  public record Judged(Dataset<Row> verdicts, Dataset<Row> sessions) {}

  /**
   * Judges any rows: one shuffle by session. Each side recomputes the pass; fine for tests and small inputs, the
   * pipeline uses {@link ValidateAndClean}.
   *
   * @param checked runs with batch columns, {@code _row_reason}/{@code _row_detail} (null when the row checks
   *     passed), {@code _row_order} and the session's expected {@code _session_device/_space/_arch} (null when
   *     unknown)
   */
  public static Judged judge(Dataset<Row> checked, CleaningRules rules) {
    Dataset<Row> grouped = withSessionHash(checked).repartition(col(SESSION_HASH))
        .sortWithinPartitions(col(SESSION_HASH));
    Layout layout = new Layout(grouped.schema());
    JavaRDD<InternalRow> rows = grouped.queryExecution().toRdd().toJavaRDD();
    JavaRDD<InternalRow> verdicts = rows.mapPartitions(in -> new Judging(in, layout, rules, new Emitter() {
      @Override
      public void run(InternalRow row, SessionProcessor.Run r, SessionProcessor.Session s, ArrayDeque<InternalRow> out) {
        out.add(layout.runRow(row, r, s, true));
      }
    }));
    JavaRDD<InternalRow> sessions = rows.mapPartitions(in -> new Judging(in, layout, rules, new Emitter() {
      @Override
      public void session(UTF8String id, SessionProcessor.Session s, ArrayDeque<InternalRow> out) {
        out.add(Layout.sessionRow(id, s));
      }
    }));
    return new Judged(checked.sparkSession().internalCreateDataFrame(verdicts.rdd(), VERDICTS, false),
        checked.sparkSession().internalCreateDataFrame(sessions.rdd(), SESSIONS, false));
  }

  static Dataset<Row> withSessionHash(Dataset<Row> checked) {
    return checked.withColumn(SESSION_HASH, xxhash64(col(SESSION_ID)));
  }

  /** Where the judged runs and sessions go; each call may add output rows. */
  abstract static class Emitter {
    /** A session's runs come next. */
    void startSession() {}

    void run(InternalRow row, SessionProcessor.Run r, SessionProcessor.Session s, ArrayDeque<InternalRow> out) {}

    void session(UTF8String id, SessionProcessor.Session s, ArrayDeque<InternalRow> out) {}

    /** The partition is done. */
    void finish() {}
  }

  /** Field positions of the input rows, and the output rows built from them. */
  static final class Layout implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] rawField;
    private final DataType[] rawType;
    private final int sessionId;
    private final int runIndex;
    private final int batchId;
    private final int sourceLine;
    private final int batchSeq;
    private final int rowOrder;
    private final int rowReason;
    private final int rowDetail;
    private final int expectDevice;
    private final int expectSpace;
    private final int expectArch;
    private final int hash;
    private final int[] metadata = new int[SESSION_METADATA.length];

    Layout(StructType input) {
      String[] names = RAW_AND_BATCH.fieldNames();
      rawField = new int[names.length];
      rawType = new DataType[names.length];
      for (int i = 0; i < names.length; i++) {
        rawField[i] = input.fieldIndex(names[i]);
        rawType[i] = RAW_AND_BATCH.fields()[i].dataType();
      }
      sessionId = input.fieldIndex(SESSION_ID);
      runIndex = input.fieldIndex(RUN_INDEX);
      batchId = input.fieldIndex(BATCH_ID);
      sourceLine = input.fieldIndex(SOURCE_LINE);
      batchSeq = input.fieldIndex(RawInputs.BATCH_SEQ);
      rowOrder = input.fieldIndex(ValidateJob.ROW_ORDER);
      rowReason = input.fieldIndex(ROW_REASON);
      rowDetail = input.fieldIndex(ROW_DETAIL);
      expectDevice = input.fieldIndex(EXPECT_DEVICE);
      expectSpace = input.fieldIndex(EXPECT_SPACE);
      expectArch = input.fieldIndex(EXPECT_ARCH);
      hash = input.fieldIndex(SESSION_HASH);
      for (int i = 0; i < metadata.length; i++) {
        metadata[i] = input.getFieldIndex(SESSION_METADATA[i]).getOrElse(() -> -1);
      }
    }

    /** Run order within a group of equal hashes: session, run index, batch, line (nulls first, as Spark sorts). */
    Comparator<InternalRow> order() {
      return Comparator.<InternalRow, UTF8String>comparing(r -> r.isNullAt(sessionId) ? null : r.getUTF8String(sessionId),
              Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(r -> r.isNullAt(runIndex) ? null : r.getInt(runIndex),
              Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
          .thenComparingInt(r -> r.getInt(batchSeq))
          .thenComparingLong(r -> r.getLong(rowOrder));
    }

    SessionProcessor.Run toRun(InternalRow row) {
      SessionProcessor.Run r = new SessionProcessor.Run();
      r.reason = row.isNullAt(rowReason) ? null : row.getUTF8String(rowReason).toString();
      r.detail = row.isNullAt(rowDetail) ? null : row.getUTF8String(rowDetail).toString();
      if (r.reason == null) { // the row checks guarantee these are present
        r.device = row.getUTF8String(rawField[0]);
        r.space = row.getUTF8String(rawField[1]);
        r.arch = row.getUTF8String(rawField[2]);
        r.runIndex = row.getInt(rawField[4]);
        r.warmup = row.getBoolean(rawField[5]);
        r.latency = row.getDouble(rawField[6]);
        r.startedAt = row.getLong(rawField[7]);
        r.temperature = row.isNullAt(rawField[8]) ? null : row.getDouble(rawField[8]);
        r.clock = row.isNullAt(rawField[9]) ? null : row.getDouble(rawField[9]);
        r.backend = row.isNullAt(rawField[10]) ? null : row.getUTF8String(rawField[10]);
      }
      return r;
    }

    /** The raw run index, null when missing. */
    Integer runIndex(InternalRow row) {
      return row.isNullAt(runIndex) ? null : row.getInt(runIndex);
    }

    UTF8String batchId(InternalRow row) {
      return row.isNullAt(batchId) ? null : row.getUTF8String(batchId);
    }

    Long sourceLine(InternalRow row) {
      return row.isNullAt(sourceLine) ? null : row.getLong(sourceLine);
    }

    UTF8String[] expected(InternalRow row) {
      return row.isNullAt(expectDevice) ? null : new UTF8String[] {row.getUTF8String(expectDevice),
          row.getUTF8String(expectSpace), row.getUTF8String(expectArch)};
    }

    /** A {@link #VERDICTS} row ({@code withVerdict}) or a {@link #CLEAN_RUNS} row. */
    InternalRow runRow(InternalRow row, SessionProcessor.Run r, SessionProcessor.Session s, boolean withVerdict) {
      int n = rawField.length;
      Object[] v = new Object[n + (withVerdict ? 2 : 0) + RUN_FLAGS.size()];
      for (int i = 0; i < n; i++) {
        v[i] = row.isNullAt(rawField[i]) ? null : row.get(rawField[i], rawType[i]);
      }
      int k = n;
      if (withVerdict) {
        v[k++] = r.reason == null ? null : UTF8String.fromString(r.reason);
        v[k++] = r.detail == null ? null : UTF8String.fromString(r.detail);
      }
      if (r.reason == null) {
        v[k++] = r.outlier;
        v[k++] = r.used;
        v[k++] = s.medianMs;
        v[k++] = s.tooFewRuns;
        v[k++] = s.drifting;
        v[k] = s.throttled;
      }
      return new GenericInternalRow(v);
    }

    /** A {@link #QUARANTINED} row. */
    InternalRow quarantinedRow(InternalRow row, SessionProcessor.Run r) {
      int n = rawField.length;
      Object[] v = new Object[n + 2];
      for (int i = 0; i < n; i++) {
        v[i] = row.isNullAt(rawField[i]) ? null : row.get(rawField[i], rawType[i]);
      }
      v[n] = UTF8String.fromString(r.reason);
      v[n + 1] = r.detail == null ? null : UTF8String.fromString(r.detail);
      return new GenericInternalRow(v);
    }

    /** The session's init_ms, first_inference_ms and params from a row of it (nulls when unknown). */
    Object[] metadata(InternalRow row) {
      Object[] v = new Object[metadata.length];
      for (int i = 0; i < v.length; i++) {
        int f = metadata[i];
        v[i] = f < 0 || row.isNullAt(f) ? null : i < 2 ? (Object) row.getDouble(f) : (Object) row.getLong(f);
      }
      return v;
    }

    /** A {@link #SESSIONS} row. */
    static InternalRow sessionRow(UTF8String id, SessionProcessor.Session s) {
      Object[] v = java.util.Arrays.copyOf(statistics(id, s), SESSIONS.size());
      v[v.length - 1] = UsedLatencies.pack(s.usedMs);
      return new GenericInternalRow(v);
    }

    /** A {@link #SESSIONS_TABLE} row. */
    static InternalRow sessionTableRow(UTF8String id, SessionProcessor.Session s, Object[] metadata) {
      Object[] v = java.util.Arrays.copyOf(statistics(id, s), SESSIONS_TABLE.size());
      System.arraycopy(metadata, 0, v, SESSIONS.size() - 1, metadata.length);
      return new GenericInternalRow(v);
    }

    /** The values of a session's ids, statistics and flags, in the order of {@link #SESSIONS}. */
    private static Object[] statistics(UTF8String id, SessionProcessor.Session s) {
      return new Object[] {id, s.device, s.space, s.arch, s.backend,
          s.runs, s.warmupRuns, s.outlierRuns, s.goodRuns, s.madMs, s.firstStartedAt, s.temperatureRise, s.clockDrop,
          s.drift, s.used, s.medianMs, s.tooFewRuns, s.drifting, s.throttled};
    }
  }

  /**
   * Reads rows grouped by session (sorted by session hash, or as they come when each session's runs follow one
   * another), one stretch of equal hashes at a time (normally one session; two sessions only on a hash collision,
   * told apart by id), and hands each session to the processor and its results to the emitter.
   */
  static final class Judging implements Iterator<InternalRow> {
    private final Iterator<InternalRow> input;
    private final Layout layout;
    private final SessionProcessor processor;
    private final Emitter emitter;
    private final Comparator<InternalRow> order;
    private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();
    /** Sessions judged in this partition: one coming again means its runs were not grouped, and fails the task. */
    private final Set<UTF8String> judged = new HashSet<>();
    private InternalRow pending;
    private boolean finished;

    Judging(Iterator<InternalRow> input, Layout layout, CleaningRules rules, Emitter emitter) {
      this.input = input;
      this.layout = layout;
      this.processor = new SessionProcessor(rules);
      this.emitter = emitter;
      this.order = layout.order();
      this.pending = input.hasNext() ? input.next().copy() : null;
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && pending != null) {
        nextGroup();
      }
      if (ready.isEmpty() && !finished) {
        finished = true;
        emitter.finish();
      }
      return !ready.isEmpty();
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return ready.poll();
    }

    private void nextGroup() {
      List<InternalRow> group = new ArrayList<>();
      long hash = pending.getLong(layout.hash);
      do {
        group.add(pending);
        pending = input.hasNext() ? input.next().copy() : null; // the input reuses its row objects
      } while (pending != null && pending.getLong(layout.hash) == hash);
      group.sort(order);
      int from = 0;
      for (int i = 1; i <= group.size(); i++) {
        if (i == group.size() || !sameSession(group.get(from), group.get(i))) {
          judge(group.subList(from, i));
          from = i;
        }
      }
    }

    private boolean sameSession(InternalRow a, InternalRow b) {
      int f = layout.sessionId;
      return a.isNullAt(f) ? b.isNullAt(f) : !b.isNullAt(f) && a.getUTF8String(f).equals(b.getUTF8String(f));
    }

    private void judge(List<InternalRow> rows) {
      emitter.startSession();
      List<SessionProcessor.Run> runs = new ArrayList<>(rows.size());
      UTF8String[] expected = null;
      for (InternalRow row : rows) {
        runs.add(layout.toRun(row));
        if (expected == null) {
          expected = layout.expected(row);
        }
      }
      // a null session id is never a session: its rows carry missing_field already
      SessionProcessor.Session s = processor.process(runs, expected);
      for (int i = 0; i < rows.size(); i++) {
        emitter.run(rows.get(i), runs.get(i), s, ready);
      }
      InternalRow first = rows.get(0);
      UTF8String id = first.isNullAt(layout.sessionId) ? null : first.getUTF8String(layout.sessionId).clone();
      if (id != null && !judged.add(id)) {
        throw new IllegalStateException("session " + id + " met again in partition "
            + (TaskContext.get() == null ? "?" : TaskContext.get().partitionId()) + " after it was judged");
      }
      if (s != null) {
        emitter.session(id, s, ready);
      }
    }
  }
}
