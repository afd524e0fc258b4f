package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What cleaning adds to the runs of one session, stored as one {@code run_flags} row instead of a copy of every raw
 * run: the raw columns never change, so {@code clean_runs} is a view that joins the raw runs with these rows
 * ({@link CleanRunsView}). A session's clean runs are the raw runs of its judged batches whose run index has its
 * bit set in {@code valid_bits} (bit {@code i % 64} of element {@code i / 64}); {@code outlier_bits} the same for
 * outliers. {@code used} follows: the session is used, the run is no warm-up and no outlier.
 *
 * <p>A run index alone does not name a raw row when a quarantined run of the session has the run index of a clean
 * one (a duplicate, a run of another session's device); nor do bits stay compact for huge run indices. Such a
 * session gets {@code kept_runs} instead (bits null): each clean run by run index, batch and source line, with its
 * outlier flag.
 */
final class RunFlags {
  static final String VALID_BITS = "valid_bits";
  static final String OUTLIER_BITS = "outlier_bits";
  static final String KEPT_RUNS = "kept_runs";
  /** Past this run index a session is stored as a list: its bit set would be mostly zeros. */
  static final int MAX_BIT_INDEX = 1 << 16;

  static final StructType KEPT = new StructType()
      .add(RUN_INDEX, DataTypes.IntegerType, false)
      .add(BATCH_ID, DataTypes.StringType)
      .add(SOURCE_LINE, DataTypes.LongType)
      .add(CleanJob.IS_OUTLIER, DataTypes.BooleanType, false);
  /** One row per session with a clean run: its flags and those of its runs. */
  static final StructType SCHEMA = new StructType()
      .add(SESSION_ID, DataTypes.StringType)
      .add("session_used", DataTypes.BooleanType)
      .add(CleanJob.SESSION_MEDIAN_MS, DataTypes.DoubleType)
      .add("too_few_runs", DataTypes.BooleanType)
      .add("drifting", DataTypes.BooleanType)
      .add("throttled", DataTypes.BooleanType)
      .add(VALID_BITS, DataTypes.createArrayType(DataTypes.LongType, false))
      .add(OUTLIER_BITS, DataTypes.createArrayType(DataTypes.LongType, false))
      .add(KEPT_RUNS, DataTypes.createArrayType(KEPT, false));

  // the session's clean runs, in arrays that grow: no object per run
  private int n;
  private int[] index = new int[64];
  private boolean[] outlier = new boolean[64];
  private UTF8String[] batch = new UTF8String[64];
  private long[] line = new long[64];
  private boolean[] lineNull = new boolean[64];
  private final List<Integer> quarantinedIndices = new ArrayList<>();
  private int maxIndex = -1;

  /** Starts a session. */
  void reset() {
    n = 0;
    quarantinedIndices.clear();
    maxIndex = -1;
  }

  /** A clean run; the batch id must not be a view of a buffer the caller reuses. */
  void valid(int runIndex, UTF8String batchId, long sourceLine, boolean sourceLineKnown, boolean isOutlier) {
    if (n == index.length) {
      int size = n * 2;
      index = Arrays.copyOf(index, size);
      outlier = Arrays.copyOf(outlier, size);
      batch = Arrays.copyOf(batch, size);
      line = Arrays.copyOf(line, size);
      lineNull = Arrays.copyOf(lineNull, size);
    }
    index[n] = runIndex;
    outlier[n] = isOutlier;
    batch[n] = batchId;
    line[n] = sourceLine;
    lineNull[n] = !sourceLineKnown;
    n++;
    maxIndex = Math.max(maxIndex, runIndex);
  }

  /** A quarantined run of the session (its run index may be null). */
  void quarantined(Integer runIndex) {
    if (runIndex != null) {
      quarantinedIndices.add(runIndex);
    }
  }

  /** The session's {@link #SCHEMA} row. */
  InternalRow row(UTF8String sessionId, SessionProcessor.Session s) {
    Object[] v = {sessionId, s.used, s.medianMs, s.tooFewRuns, s.drifting, s.throttled, null, null, null};
    if (byIndex()) {
      long[] valid = new long[maxIndex / 64 + 1];
      long[] outliers = new long[valid.length];
      for (int k = 0; k < n; k++) {
        int i = index[k];
        valid[i >>> 6] |= 1L << (i & 63);
        if (outlier[k]) {
          outliers[i >>> 6] |= 1L << (i & 63);
        }
      }
      v[6] = ArrayData.toArrayData(valid);
      v[7] = ArrayData.toArrayData(outliers);
    } else {
      Object[] runs = new Object[n];
      for (int k = 0; k < n; k++) {
        runs[k] = new GenericInternalRow(new Object[] {index[k], batch[k], lineNull[k] ? null : line[k], outlier[k]});
      }
      v[8] = new GenericArrayData(runs);
    }
    return new GenericInternalRow(v);
  }

  private boolean byIndex() {
    if (maxIndex >= MAX_BIT_INDEX) {
      return false;
    }
    if (quarantinedIndices.isEmpty()) {
      return true;
    }
    int[] sorted = Arrays.copyOf(index, n);
    Arrays.sort(sorted);
    for (int i : quarantinedIndices) {
      if (Arrays.binarySearch(sorted, i) >= 0) {
        return false;
      }
    }
    return true;
  }
}
