package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.SESSION_ID;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;

/**
 * Where each session's runs lie in the input partitions, from one pass over the session ids: the sessions whose
 * runs lie in more than one partition, and whether each partition holds every other session's runs in one
 * unbroken stretch. The collector and the importer write a session's runs together, so normally they do, and the
 * per-session pass can take them as they come instead of sorting the partition first.
 *
 * <p>Sessions are known by the 64-bit hash the pass groups by ({@link SessionPass#withSessionHash}): each partition
 * sends the sorted hashes of its sessions to the driver (8 bytes a session, no shuffle). A collision can only make
 * the pass more careful (two sessions shuffled, or a partition sorted, that need not be), never wrong.
 *
 * @param spanning session hashes seen in more than one partition, ascending
 * @param contiguous every session's runs (null ids aside) follow one another within its partition
 * @param rows how many runs were read (null ids included): the pipeline's rows in, counted apart from the judging
 */
record SessionSpread(long[] spanning, boolean contiguous, long rows) {
  /** Spark's seed of {@code xxhash64}: the hashes here are the ones the pass computes in SQL. */
  private static final long SEED = 42L;

  /** Reads the session ids of {@code runs} partition by partition (the partitions the pass will read). */
  static SessionSpread of(SparkSession spark, Dataset<Row> runs) {
    LongAccumulator broken = spark.sparkContext().longAccumulator("leti sessions broken within a partition");
    LongAccumulator rows = spark.sparkContext().longAccumulator("leti runs read for the session spread");
    ColumnarRows.Input ids = ColumnarRows.of(runs.select(SESSION_ID));
    int column = ids.schema().fieldIndex(SESSION_ID);
    List<long[]> partitions = ids.mapPartitions(in -> List.of(distinctHashes(in, column, broken, rows)).iterator())
        .collect();
    long[] all = new long[partitions.stream().mapToInt(h -> h.length).sum()];
    int at = 0;
    for (long[] h : partitions) {
      System.arraycopy(h, 0, all, at, h.length);
      at += h.length;
    }
    // each partition's hashes are distinct: one seen twice is in two partitions
    // accumulators of a job's final stage count each partition once; a retried task can only add to broken
    return new SessionSpread(repeated(all), broken.value() == 0, rows.value());
  }

  /** The session hash Spark's {@code xxhash64(session_id)} gives. */
  static long hash(UTF8String id) {
    return XXH64.hashUnsafeBytes(id.getBaseObject(), id.getBaseOffset(), id.numBytes(), SEED);
  }

  /**
   * The distinct session hashes of one partition (session ids in {@code column}), ascending; counts a session met
   * again after its stretch, and every row read.
   */
  private static long[] distinctHashes(Iterator<InternalRow> in, int column, LongAccumulator broken,
      LongAccumulator rows) {
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
    long[] distinct = distinct(sorted);
    broken.add(sorted.length - distinct.length);
    rows.add(read);
    return distinct;
  }

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
