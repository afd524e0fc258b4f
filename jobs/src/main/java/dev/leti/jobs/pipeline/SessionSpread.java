package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.SESSION_ID;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Where each session's runs lie in the input partitions: the sessions whose runs lie in more than one partition, and
 * whether each partition holds every other session's runs in one unbroken stretch. The collector and the importer
 * write a session's runs together, so normally they do, and the per-session pass can take them as they come instead
 * of sorting the partition first. Known from what a pass saw ({@link #of(List)}: the pass itself reports it, so the
 * pipeline checks its own grouping afterwards), or from a pass over the session ids alone ({@link #read}: the plan of
 * a second, careful pass).
 *
 * <p>Sessions are known by the 64-bit hash the pass groups by ({@link SessionPass#withSessionHash}): each partition
 * sends the sorted hashes of its stretches to the driver (8 bytes a stretch, no shuffle). A collision can only make
 * the pass more careful (two sessions shuffled, or a partition sorted, that need not be), never wrong.
 *
 * @param spanning session hashes seen in more than one partition, ascending
 * @param contiguous every session's runs (null ids aside) follow one another within its partition
 * @param rows how many runs were read (null ids included): the pipeline's rows in, counted apart from the verdicts
 */
record SessionSpread(long[] spanning, boolean contiguous, long rows) {
  /** Spark's seed of {@code xxhash64}: the hashes here are the ones the pass computes in SQL. */
  private static final long SEED = 42L;

  /**
   * What one partition saw: how many rows, and the session hash of each stretch of one session's runs, ascending (a
   * session met again after its stretch is there twice).
   */
  record Partition(long rows, long[] stretches) implements java.io.Serializable {}

  /** Whether each session's runs were one stretch of one partition: a pass that took them as they came was right. */
  boolean grouped() {
    return spanning.length == 0 && contiguous;
  }

  /** Reads the session ids of {@code runs} partition by partition (the partitions the pass will read). */
  static SessionSpread read(Dataset<Row> runs) {
    ColumnarRows.Input ids = ColumnarRows.of(runs.select(SESSION_ID));
    int column = ids.schema().fieldIndex(SESSION_ID);
    return of(ids.mapPartitions(in -> List.of(stretches(in, column)).iterator()).collect());
  }

  /** From what each partition saw. */
  static SessionSpread of(List<Partition> partitions) {
    long rows = 0;
    long broken = 0;
    long[] all = new long[partitions.stream().mapToInt(p -> p.stretches().length).sum()];
    int at = 0;
    for (Partition p : partitions) {
      long[] distinct = distinct(p.stretches().clone());
      broken += p.stretches().length - distinct.length;
      rows += p.rows();
      System.arraycopy(distinct, 0, all, at, distinct.length);
      at += distinct.length;
    }
    // each partition's hashes are now distinct: one seen twice is in two partitions
    return new SessionSpread(repeated(Arrays.copyOf(all, at)), broken == 0, rows);
  }

  /** The session hash Spark's {@code xxhash64(session_id)} gives. */
  static long hash(UTF8String id) {
    return XXH64.hashUnsafeBytes(id.getBaseObject(), id.getBaseOffset(), id.numBytes(), SEED);
  }

  /** The hashes of the stretches of one session id in a partition (session ids in {@code column}), and its rows. */
  private static Partition stretches(Iterator<InternalRow> in, int column) {
    long[] stretches = new long[1024];
    int n = 0;
    RepeatedStrings ids = new RepeatedStrings(in, column);
    UTF8String current = null;
    long read = 0;
    while (in.hasNext()) {
      InternalRow row = in.next();
      read++;
      UTF8String id = ids.read(row); // the same object as the row before's when the same session
      if (id == null || id == current) { // null: not a session, each such run is quarantined on its own
        continue;
      }
      current = id;
      if (n == stretches.length) {
        stretches = Arrays.copyOf(stretches, n * 2);
      }
      stretches[n++] = hash(current);
    }
    long[] sorted = Arrays.copyOf(stretches, n);
    Arrays.sort(sorted);
    return new Partition(read, sorted);
  }

  /** The distinct values of a sorted array, in place; the array of them. */
  private static long[] distinct(long[] sorted) {
    int k = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[k++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, k);
  }

  /** The values that occur more than once, ascending. */
  private static long[] repeated(long[] values) {
    Arrays.sort(values);
    long[] out = new long[values.length];
    int k = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] == values[i - 1] && (k == 0 || out[k - 1] != values[i])) {
        out[k++] = values[i];
      }
    }
    return Arrays.copyOf(out, k);
  }
}
