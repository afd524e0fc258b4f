package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.col;

import dev.leti.jobs.lake.RawSchemas;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs {@link SessionProcessor} over every session: one shuffle by session id, a sort within partitions, then
 * plain Java per session. Its output holds every input run with its verdict and flags ({@code _kind = 'run'}) and
 * one row per session ({@code _kind = 'session'}); persist it when more than one side is read.
 */
public final class SessionPass {
  static final String KIND = "_kind";
  static final String ROW_REASON = "_row_reason";
  static final String ROW_DETAIL = "_row_detail";
  static final String EXPECT_DEVICE = "_session_device";
  static final String EXPECT_SPACE = "_session_space";
  static final String EXPECT_ARCH = "_session_arch";

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

  private static final StructType OUTPUT = output();

  private SessionPass() {}

  private static StructType output() {
    StructType s = RawSchemas.RUNS.add(BATCH_ID, DataTypes.StringType).add(RawInputs.BATCH_SEQ, DataTypes.IntegerType)
        .add(REASON, DataTypes.StringType).add(DETAIL, DataTypes.StringType);
    for (var f : RUN_FLAGS.fields()) {
      s = s.add(f);
    }
    for (var f : SESSION_STATS.fields()) {
      s = s.add(f);
    }
    return s.add(KIND, DataTypes.StringType);
  }

  /**
   * @param checked runs with batch columns, {@code _row_reason}/{@code _row_detail} (null when the row checks
   *     passed) and the session's expected {@code _session_device/_space/_arch} (null when unknown)
   */
  public static Dataset<Row> run(Dataset<Row> checked, CleaningRules rules) {
    return checked
        .repartition(col(SESSION_ID))
        .sortWithinPartitions(col(SESSION_ID), col(RUN_INDEX), col(RawInputs.BATCH_SEQ), col(ValidateJob.ROW_ORDER))
        .mapPartitions(new Processor(rules, checked.schema()), Encoders.row(OUTPUT));
  }

  /** The runs with their verdicts (reason null: valid). */
  static Dataset<Row> runs(Dataset<Row> output) {
    return output.where(col(KIND).equalTo("run")).select(runColumns());
  }

  /** One row per session with a valid run. */
  static Dataset<Row> sessions(Dataset<Row> output) {
    List<Column> cols = new ArrayList<>(List.of(col(SESSION_ID), col(DEVICE_ID), col(ARCH_SPACE), col(ARCH_ID),
        col(BACKEND)));
    for (String f : SESSION_STATS.fieldNames()) {
      cols.add(col(f));
    }
    for (String f : RUN_FLAGS.fieldNames()) {
      if (!f.equals(CleanJob.IS_OUTLIER) && !f.equals(CleanJob.USED)) {
        cols.add(col(f));
      }
    }
    return output.where(col(KIND).equalTo("session")).select(cols.toArray(new Column[0]));
  }

  /** Every output column but the session statistics and the kind. */
  private static Column[] runColumns() {
    List<Column> cols = new ArrayList<>();
    for (String f : OUTPUT.fieldNames()) {
      if (!f.equals(KIND) && !List.of(SESSION_STATS.fieldNames()).contains(f)) {
        cols.add(col(f));
      }
    }
    return cols.toArray(new Column[0]);
  }

  /** Groups the sorted rows of a partition by session and processes each group. */
  private static final class Processor implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final CleaningRules rules;
    private final int[] runField;
    private final int batchId;
    private final int batchSeq;
    private final int rowReason;
    private final int rowDetail;
    private final int expectDevice;
    private final int expectSpace;
    private final int expectArch;

    Processor(CleaningRules rules, StructType input) {
      this.rules = rules;
      String[] runNames = RawSchemas.RUNS.fieldNames();
      runField = new int[runNames.length];
      for (int i = 0; i < runNames.length; i++) {
        runField[i] = input.fieldIndex(runNames[i]);
      }
      batchId = input.fieldIndex(BATCH_ID);
      batchSeq = input.fieldIndex(RawInputs.BATCH_SEQ);
      rowReason = input.fieldIndex(ROW_REASON);
      rowDetail = input.fieldIndex(ROW_DETAIL);
      expectDevice = input.fieldIndex(EXPECT_DEVICE);
      expectSpace = input.fieldIndex(EXPECT_SPACE);
      expectArch = input.fieldIndex(EXPECT_ARCH);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      SessionProcessor processor = new SessionProcessor(rules);
      return new Iterator<>() {
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private Row pending = input.hasNext() ? input.next() : null;

        @Override
        public boolean hasNext() {
          while (ready.isEmpty() && pending != null) {
            nextSession();
          }
          return !ready.isEmpty();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return ready.poll();
        }

        private void nextSession() {
          List<Row> rows = new ArrayList<>();
          Object session = pending.get(runField[3]);
          do {
            rows.add(pending);
            pending = input.hasNext() ? input.next() : null;
          } while (pending != null && java.util.Objects.equals(pending.get(runField[3]), session));
          emit(rows, processor);
        }

        private void emit(List<Row> rows, SessionProcessor processor) {
          List<SessionProcessor.Run> runs = new ArrayList<>(rows.size());
          String[] expected = null;
          for (Row row : rows) {
            runs.add(toRun(row));
            if (expected == null && !row.isNullAt(expectDevice)) {
              expected = new String[] {row.getString(expectDevice), row.getString(expectSpace), row.getString(expectArch)};
            }
          }
          // a null session id is never a session: its rows carry missing_field already
          SessionProcessor.Session s = processor.process(runs, expected);
          for (int i = 0; i < rows.size(); i++) {
            ready.add(runRow(rows.get(i), runs.get(i), s));
          }
          if (s != null) {
            ready.add(sessionRow(rows.get(0), s));
          }
        }
      };
    }

    private SessionProcessor.Run toRun(Row row) {
      SessionProcessor.Run r = new SessionProcessor.Run();
      r.reason = row.isNullAt(rowReason) ? null : row.getString(rowReason);
      r.detail = row.isNullAt(rowDetail) ? null : row.getString(rowDetail);
      if (r.reason == null) { // the row checks guarantee these are present
        r.device = row.getString(runField[0]);
        r.space = row.getString(runField[1]);
        r.arch = row.getString(runField[2]);
        r.runIndex = row.getInt(runField[4]);
        r.warmup = row.getBoolean(runField[5]);
        r.latency = row.getDouble(runField[6]);
        r.startedAt = row.getLong(runField[7]);
        r.temperature = row.isNullAt(runField[8]) ? null : row.getDouble(runField[8]);
        r.clock = row.isNullAt(runField[9]) ? null : row.getDouble(runField[9]);
        r.backend = row.isNullAt(runField[10]) ? null : row.getString(runField[10]);
      }
      return r;
    }

    private Row runRow(Row row, SessionProcessor.Run r, SessionProcessor.Session s) {
      Object[] v = new Object[OUTPUT.size()];
      int k = 0;
      for (int f : runField) {
        v[k++] = row.get(f);
      }
      v[k++] = row.get(batchId);
      v[k++] = row.get(batchSeq);
      v[k++] = r.reason;
      v[k++] = r.detail;
      if (r.reason == null) {
        v[k++] = r.outlier;
        v[k++] = r.used;
        v[k++] = s.medianMs;
        v[k++] = s.tooFewRuns;
        v[k++] = s.drifting;
        v[k++] = s.throttled;
      }
      v[OUTPUT.size() - 1] = "run";
      return RowFactory.create(v);
    }

    private Row sessionRow(Row first, SessionProcessor.Session s) {
      Object[] v = new Object[OUTPUT.size()];
      v[OUTPUT.fieldIndex(SESSION_ID)] = first.get(runField[3]);
      v[OUTPUT.fieldIndex(DEVICE_ID)] = s.device;
      v[OUTPUT.fieldIndex(ARCH_SPACE)] = s.space;
      v[OUTPUT.fieldIndex(ARCH_ID)] = s.arch;
      v[OUTPUT.fieldIndex(BACKEND)] = s.backend;
      v[OUTPUT.fieldIndex(CleanJob.SESSION_MEDIAN_MS)] = s.medianMs;
      v[OUTPUT.fieldIndex("too_few_runs")] = s.tooFewRuns;
      v[OUTPUT.fieldIndex("drifting")] = s.drifting;
      v[OUTPUT.fieldIndex("throttled")] = s.throttled;
      Object[] stats = {s.runs, s.warmupRuns, s.outlierRuns, s.goodRuns, s.madMs, s.firstStartedAt,
          s.temperatureRise, s.clockDrop, s.drift, s.used};
      int k = OUTPUT.fieldIndex(SESSION_STATS.fieldNames()[0]);
      System.arraycopy(stats, 0, v, k, stats.length);
      v[OUTPUT.size() - 1] = "session";
      return RowFactory.create(v);
    }
  }
}
