package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import dev.leti.jobs.lake.RawSchemas;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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
 * as they come when each session's runs follow one another, or sorted by {@code _session_hash} (a 64-bit hash of
 * the session id, so Spark's radix sort applies); put in run order per session here. Each row is read once into a
 * {@link SessionProcessor.Run} by a {@link RunReader}, which also runs the row checks ({@link RunChecks}); rows stay
 * Spark's internal rows, and are only copied when the emitter writes them out whole.
 *
 * <p>{@link #judge} is the Dataset form (one shuffle by session, for any input); the pipeline groups without a
 * shuffle where it can and reads only the columns the checks need ({@link ValidateAndClean}).
 */
public final class SessionPass {
  static final String SESSION_HASH = "_session_hash";
  /** Latencies of a session's used runs, ascending, packed ({@link UsedLatencies}): what the medians come from. */
  static final String USED_MS = "_used_ms";
  /**
   * The columns the checks and the cleaning read: the raw run but its versions and source file, and its batch
   * (its batch_seq, when absent, comes from {@link RunChecks#batchSeq}).
   */
  static final String[] JUDGED_COLUMNS = {DEVICE_ID, ARCH_SPACE, ARCH_ID, SESSION_ID, RUN_INDEX, WARMUP, LATENCY_MS,
      STARTED_AT_MS, TEMPERATURE_C, CLOCK_MHZ, BACKEND, SOURCE_LINE, PARSE_ERROR, BATCH_ID};
  /** Required fields of a run, in the order {@code missing_field} names them. */
  private static final String[] REQUIRED = {DEVICE_ID, ARCH_SPACE, ARCH_ID, SESSION_ID, RUN_INDEX, WARMUP,
      LATENCY_MS, STARTED_AT_MS};

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

  /** What the medians need of a session ({@link MediansJob#fromSessions}): the pipeline stages these alone. */
  static final StructType SESSION_LATENCIES = new StructType().add(DEVICE_ID, DataTypes.StringType)
      .add(ARCH_SPACE, DataTypes.StringType).add(ARCH_ID, DataTypes.StringType)
      .add("session_used", DataTypes.BooleanType).add(CleanJob.SESSION_MEDIAN_MS, DataTypes.DoubleType)
      .add("outlier_runs", DataTypes.LongType).add(USED_MS, DataTypes.BinaryType);

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
   * Judges any runs (raw columns, batch_id and batch_seq): one shuffle by session. Each side recomputes the pass;
   * fine for tests and small inputs, the pipeline uses {@link ValidateAndClean}.
   */
  static Judged judge(Dataset<Row> runs, RunChecks checks, CleaningRules rules) {
    return judge(runs, JavaSparkContext.fromSparkContext(runs.sparkSession().sparkContext()).broadcast(checks),
        rules);
  }

  static Judged judge(Dataset<Row> runs, Broadcast<RunChecks> shared, CleaningRules rules) {
    Dataset<Row> grouped = withSessionHash(runs).repartition(col(SESSION_HASH))
        .sortWithinPartitions(col(SESSION_HASH));
    Layout layout = new Layout(grouped.schema());
    JavaRDD<InternalRow> rows = grouped.queryExecution().toRdd().toJavaRDD();
    JavaRDD<InternalRow> verdicts = rows.mapPartitions(in -> new Judging(in, layout, shared.value(), rules,
        new Emitter(true) {
          @Override
          void run(InternalRow row, SessionProcessor.Run r, SessionProcessor.Session s, ArrayDeque<InternalRow> out) {
            out.add(layout.runRow(row, r, s));
          }
        }));
    JavaRDD<InternalRow> sessions = rows.mapPartitions(in -> new Judging(in, layout, shared.value(), rules,
        new Emitter(false) {
          @Override
          void session(UTF8String id, List<SessionProcessor.Run> runs, SessionProcessor.Session s, Object[] metadata,
              boolean alone, ArrayDeque<InternalRow> out) {
            if (s != null) {
              out.add(Layout.sessionRow(id, s));
            }
          }
        }));
    return new Judged(runs.sparkSession().internalCreateDataFrame(verdicts.rdd(), VERDICTS, false),
        runs.sparkSession().internalCreateDataFrame(sessions.rdd(), SESSIONS, false));
  }

  static Dataset<Row> withSessionHash(Dataset<Row> runs) {
    return runs.withColumn(SESSION_HASH, xxhash64(col(SESSION_ID)));
  }

  /** Where the judged runs and sessions go; each call may add output rows. */
  abstract static class Emitter {
    /** Whether {@link #run} needs the whole input row (a copy of each is kept while its session is judged). */
    final boolean wholeRows;

    Emitter(boolean wholeRows) {
      this.wholeRows = wholeRows;
    }

    /** A judged run; {@code row} is its input row when {@link #wholeRows}, else null. */
    void run(InternalRow row, SessionProcessor.Run r, SessionProcessor.Session s, ArrayDeque<InternalRow> out) {}

    /**
     * A judged session (null id: the runs without one), after its runs.
     *
     * @param s null when no run of it is valid
     * @param metadata init_ms, first_inference_ms and params from the sessions table (nulls when unknown)
     * @param alone the sessions table describes no other session of its device, space and arch
     *     ({@link SessionDirectory#alone})
     */
    void session(UTF8String id, List<SessionProcessor.Run> runs, SessionProcessor.Session s, Object[] metadata,
        boolean alone, ArrayDeque<InternalRow> out) {}

    /** The partition is done. */
    void finish() {}
  }

  /** Field positions of the input rows (the whole raw run, or only {@link #JUDGED_COLUMNS}), and output rows. */
  static final class Layout implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Position of each {@link #RAW_AND_BATCH} field in the input, -1 when not read. */
    private final int[] rawField;
    private final DataType[] rawType;
    private final int[] required = new int[REQUIRED.length];
    private final int device;
    private final int space;
    private final int arch;
    private final int sessionId;
    private final int runIndex;
    private final int warmup;
    private final int latency;
    private final int startedAt;
    private final int temperature;
    private final int clock;
    private final int backend;
    private final int sourceLine;
    private final int parseError;
    private final int batchId;
    private final int batchSeq;
    /** -1 when the input comes grouped by session without a hash. */
    private final int hash;

    Layout(StructType input) {
      String[] names = RAW_AND_BATCH.fieldNames();
      rawField = new int[names.length];
      rawType = new DataType[names.length];
      for (int i = 0; i < names.length; i++) {
        rawField[i] = input.getFieldIndex(names[i]).getOrElse(() -> -1);
        rawType[i] = RAW_AND_BATCH.fields()[i].dataType();
      }
      for (int i = 0; i < REQUIRED.length; i++) {
        required[i] = input.fieldIndex(REQUIRED[i]);
      }
      device = input.fieldIndex(DEVICE_ID);
      space = input.fieldIndex(ARCH_SPACE);
      arch = input.fieldIndex(ARCH_ID);
      sessionId = input.fieldIndex(SESSION_ID);
      runIndex = input.fieldIndex(RUN_INDEX);
      warmup = input.fieldIndex(WARMUP);
      latency = input.fieldIndex(LATENCY_MS);
      startedAt = input.fieldIndex(STARTED_AT_MS);
      temperature = input.fieldIndex(TEMPERATURE_C);
      clock = input.fieldIndex(CLOCK_MHZ);
      backend = input.fieldIndex(BACKEND);
      sourceLine = input.fieldIndex(SOURCE_LINE);
      parseError = input.fieldIndex(PARSE_ERROR);
      batchId = input.fieldIndex(BATCH_ID);
      batchSeq = input.getFieldIndex(RawInputs.BATCH_SEQ).getOrElse(() -> -1);
      hash = input.getFieldIndex(SESSION_HASH).getOrElse(() -> -1);
    }

    /** A {@link #VERDICTS} row of a whole input row. */
    InternalRow runRow(InternalRow row, SessionProcessor.Run r, SessionProcessor.Session s) {
      Object[] v = rawValues(row, 2 + RUN_FLAGS.size());
      int k = rawField.length;
      v[k++] = r.reason == null ? null : UTF8String.fromString(r.reason);
      v[k++] = r.detail == null ? null : UTF8String.fromString(r.detail);
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

    /** A {@link #QUARANTINED} row of a whole input row. */
    InternalRow quarantinedRow(InternalRow row, SessionProcessor.Run r) {
      Object[] v = rawValues(row, 2);
      v[rawField.length] = UTF8String.fromString(r.reason);
      v[rawField.length + 1] = r.detail == null ? null : UTF8String.fromString(r.detail);
      return new GenericInternalRow(v);
    }

    private Object[] rawValues(InternalRow row, int extra) {
      int n = rawField.length;
      Object[] v = new Object[n + extra];
      for (int i = 0; i < n; i++) {
        if (rawField[i] < 0) {
          throw new IllegalStateException("the input lacks " + RAW_AND_BATCH.fieldNames()[i] + ": whole rows needed");
        }
        v[i] = row.isNullAt(rawField[i]) ? null : row.get(rawField[i], rawType[i]);
      }
      return v;
    }

    /** A {@link #SESSIONS} row. */
    static InternalRow sessionRow(UTF8String id, SessionProcessor.Session s) {
      Object[] v = java.util.Arrays.copyOf(statistics(id, s), SESSIONS.size());
      v[v.length - 1] = UsedLatencies.pack(s.usedMs);
      return new GenericInternalRow(v);
    }

    /** A {@link #SESSION_LATENCIES} row. */
    static InternalRow latenciesRow(SessionProcessor.Session s) {
      return new GenericInternalRow(new Object[] {s.device, s.space, s.arch, s.used, s.medianMs, s.outlierRuns,
          UsedLatencies.pack(s.usedMs)});
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
   * Reads input rows into runs, with the row checks (the first that fails gives the reason): {@code unparseable},
   * {@code missing_field}, the latency reasons, {@code bad_run_index}, {@code unknown_device},
   * {@code invalid_arch}. A string equal to the previous run's is that run's object, not a new copy, so a
   * session's runs share them and a device or arch is looked up once per change, not once per run.
   */
  static final class RunReader {
    private final Layout layout;
    private final RunChecks checks;
    /** Null when the rows do not come from column batches. */
    private final ColumnarRows columnar;
    private final RepeatedStrings session;
    private final RepeatedStrings batch;
    private final RepeatedStrings device;
    private final RepeatedStrings space;
    private final RepeatedStrings arch;
    private final RepeatedStrings backend;
    private UTF8String checkedDevice;
    private boolean deviceKnown;
    private UTF8String checkedSpace;
    private UTF8String checkedArch;
    private boolean archValid;
    private UTF8String seqBatch;
    private int seq;

    RunReader(Layout layout, RunChecks checks, Iterator<InternalRow> input) {
      this.layout = layout;
      this.checks = checks;
      this.columnar = input instanceof ColumnarRows c ? c : null;
      this.session = new RepeatedStrings(input, layout.sessionId);
      this.batch = new RepeatedStrings(input, layout.batchId);
      this.device = new RepeatedStrings(input, layout.device);
      this.space = new RepeatedStrings(input, layout.space);
      this.arch = new RepeatedStrings(input, layout.arch);
      this.backend = new RepeatedStrings(input, layout.backend);
    }

    SessionProcessor.Run read(InternalRow row) {
      Layout l = layout;
      SessionProcessor.Run r = new SessionProcessor.Run();
      r.session = session.read(row);
      r.batchId = batch.read(row);
      r.batchSeq = l.batchSeq >= 0 ? row.getInt(l.batchSeq) : batchSeq(r.batchId);
      r.sourceLineKnown = !ColumnarRows.isNullAt(columnar, row, l.sourceLine);
      r.sourceLine = r.sourceLineKnown ? row.getLong(l.sourceLine) : 0;
      r.runIndex = ColumnarRows.isNullAt(columnar, row, l.runIndex) ? null : row.getInt(l.runIndex);
      if (!ColumnarRows.isNullAt(columnar, row, l.parseError)) {
        r.reason = "unparseable";
        r.detail = row.getUTF8String(l.parseError).toString();
        return r;
      }
      String missing = missing(row);
      if (missing != null) {
        r.reason = "missing_field";
        r.detail = missing;
        return r;
      }
      r.latency = row.getDouble(l.latency);
      if (Double.isNaN(r.latency) || Double.isInfinite(r.latency) || r.latency <= 0) {
        r.reason = Double.isNaN(r.latency) ? "latency_nan"
            : Double.isInfinite(r.latency) ? "latency_infinite" : "latency_not_positive";
        r.detail = "latency_ms=" + r.latency;
        return r;
      }
      if (r.runIndex < 0) {
        r.reason = "bad_run_index";
        r.detail = "run_index=" + r.runIndex;
        return r;
      }
      r.device = device.read(row);
      r.space = space.read(row);
      r.arch = arch.read(row);
      if (!known(r.device)) {
        r.reason = "unknown_device";
        r.detail = "device " + r.device;
        return r;
      }
      if (!valid(r.space, r.arch)) {
        r.reason = "invalid_arch";
        r.detail = r.space + " " + r.arch;
        return r;
      }
      r.warmup = row.getBoolean(l.warmup);
      r.startedAt = row.getLong(l.startedAt);
      r.temperature = ColumnarRows.isNullAt(columnar, row, l.temperature) ? Double.NaN : row.getDouble(l.temperature);
      r.clock = ColumnarRows.isNullAt(columnar, row, l.clock) ? Double.NaN : row.getDouble(l.clock);
      r.backend = backend.read(row);
      return r;
    }

    /** The names of the empty required fields, comma-joined, or null. */
    private String missing(InternalRow row) {
      StringBuilder names = null;
      for (int i = 0; i < REQUIRED.length; i++) {
        if (ColumnarRows.isNullAt(columnar, row, layout.required[i])) {
          names = names == null ? new StringBuilder(REQUIRED[i]) : names.append(',').append(REQUIRED[i]);
        }
      }
      return names == null ? null : names.toString();
    }

    /** For runs read without batch_seq: from the commit order, looked up when the batch changes. */
    private int batchSeq(UTF8String batchId) {
      if (batchId != seqBatch) {
        seqBatch = batchId;
        seq = checks.batchSeq(batchId);
      }
      return seq;
    }

    private boolean known(UTF8String device) {
      if (device != checkedDevice) {
        checkedDevice = device;
        deviceKnown = checks.knownDevice(device);
      }
      return deviceKnown;
    }

    private boolean valid(UTF8String space, UTF8String arch) {
      if (space != checkedSpace || arch != checkedArch) {
        checkedSpace = space;
        checkedArch = arch;
        archValid = checks.validArch(space, arch);
      }
      return archValid;
    }
  }

  /**
   * Reads rows grouped by session (sorted by session hash, or as they come when each session's runs follow one
   * another), one group at a time (a stretch of equal hashes, normally one session; two sessions only on a hash
   * collision, told apart by id; or a stretch of equal session ids when the input has no hash), and hands each
   * session to the processor and its results to the emitter.
   */
  static final class Judging implements Iterator<InternalRow> {
    /** Run order: session (nulls first), run index (nulls first), batch, source line (0 when unknown). */
    private static final Comparator<SessionProcessor.Run> ORDER =
        Comparator.<SessionProcessor.Run, UTF8String>comparing(r -> r.session, Judging::compareSessions)
            .thenComparing(r -> r.runIndex, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
            .thenComparingInt(r -> r.batchSeq)
            .thenComparingLong(r -> r.sourceLine);

    private final Iterator<InternalRow> input;
    private final Layout layout;
    private final RunReader reader;
    private final SessionDirectory directory;
    private final SessionProcessor processor;
    private final Emitter emitter;
    private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();
    /** Hashes of the sessions judged in this partition, checked when it ends ({@link #checkJudgedOnce}). */
    private long[] judged = new long[1024];
    private int judgedCount;
    private long rowsRead;
    /** Fail the task when a session was judged twice in it; else leave that to whoever reads {@link #seen}. */
    private final boolean strict;
    private final List<SessionProcessor.Run> group = new ArrayList<>();
    private final List<InternalRow> rows = new ArrayList<>();
    private SessionProcessor.Run pending;
    private InternalRow pendingRow;
    private long pendingHash;
    private boolean finished;

    Judging(Iterator<InternalRow> input, Layout layout, RunChecks checks, CleaningRules rules, Emitter emitter) {
      this(input, layout, checks, rules, emitter, true);
    }

    /** @param strict fail the task when a session was judged twice in it, else report it ({@link #seen}) */
    Judging(Iterator<InternalRow> input, Layout layout, RunChecks checks, CleaningRules rules, Emitter emitter,
        boolean strict) {
      this.strict = strict;
      this.input = input;
      this.layout = layout;
      this.reader = new RunReader(layout, checks, input);
      this.directory = checks.sessions();
      this.processor = new SessionProcessor(rules);
      this.emitter = emitter;
      advance();
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && pending != null) {
        nextGroup();
      }
      if (ready.isEmpty() && !finished) {
        finished = true;
        if (strict) {
          checkJudgedOnce();
        }
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

    /**
     * Fails the task when a session was judged twice in it: its runs were not grouped, so both verdicts are wrong.
     * (By hash: two sessions of equal hash in one partition, about one in 10^8 at a million sessions, fail it too.)
     */
    private void checkJudgedOnce() {
      long[] sorted = seen().stretches();
      for (int i = 1; i < sorted.length; i++) {
        if (sorted[i] == sorted[i - 1]) {
          throw new IllegalStateException("a session (hash " + sorted[i] + ") was judged twice in partition "
              + (TaskContext.get() == null ? "?" : TaskContext.get().partitionId()) + ": its runs were not grouped");
        }
      }
    }

    /**
     * After the last row: the rows read and the hash of each session judged, ascending (a session judged twice,
     * its runs not together, is there twice).
     */
    SessionSpread.Partition seen() {
      long[] sorted = java.util.Arrays.copyOf(judged, judgedCount);
      java.util.Arrays.sort(sorted);
      return new SessionSpread.Partition(rowsRead, sorted);
    }

    private void advance() {
      if (!input.hasNext()) {
        pending = null;
        pendingRow = null;
        return;
      }
      InternalRow row = input.next();
      rowsRead++;
      pending = reader.read(row);
      pendingRow = emitter.wholeRows ? row.copy() : null; // the input reuses its row objects
      pendingHash = layout.hash < 0 ? 0 : row.getLong(layout.hash);
    }

    private void nextGroup() {
      group.clear();
      rows.clear();
      UTF8String session = pending.session;
      long hash = pendingHash;
      do {
        group.add(pending);
        rows.add(pendingRow);
        advance();
        // equal ids are one object (RunReader), so grouping by id compares references
      } while (pending != null && (layout.hash < 0 ? pending.session == session : pendingHash == hash));
      List<Integer> order = runOrder();
      int from = 0;
      for (int i = 1; i <= order.size(); i++) {
        if (i == order.size() || !java.util.Objects.equals(group.get(order.get(from)).session,
            group.get(order.get(i)).session)) {
          judge(order.subList(from, i));
          from = i;
        }
      }
    }

    /** Nulls first; a session's runs share one id object (RunReader), so most comparisons end at the reference. */
    private static int compareSessions(UTF8String a, UTF8String b) {
      return a == b ? 0 : a == null ? -1 : b == null ? 1 : a.compareTo(b);
    }

    /** Positions of the group's runs in run order; the input normally has them in it already. */
    private List<Integer> runOrder() {
      List<Integer> order = new ArrayList<>(group.size());
      boolean sorted = true;
      for (int i = 0; i < group.size(); i++) {
        order.add(i);
        sorted &= i == 0 || ORDER.compare(group.get(i - 1), group.get(i)) <= 0;
      }
      if (!sorted) {
        order.sort(Comparator.comparing(group::get, ORDER));
      }
      return order;
    }

    private void judge(List<Integer> positions) {
      List<SessionProcessor.Run> runs = new ArrayList<>(positions.size());
      for (int p : positions) {
        runs.add(group.get(p));
      }
      // a null session id is never a session: its rows carry missing_field already
      UTF8String id = runs.get(0).session;
      int entry = id == null ? -1 : directory.find(id);
      SessionProcessor.Session s = processor.process(runs, directory.expected(entry));
      for (int i = 0; i < runs.size(); i++) {
        emitter.run(rows.get(positions.get(i)), runs.get(i), s, ready);
      }
      if (id != null) {
        if (judgedCount == judged.length) {
          judged = java.util.Arrays.copyOf(judged, judgedCount * 2);
        }
        judged[judgedCount++] = SessionSpread.hash(id);
      }
      emitter.session(id, runs, s, directory.metadata(entry), directory.alone(entry), ready);
    }
  }
}
