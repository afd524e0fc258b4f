package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.SESSION_ID;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;

/**
 * Where each session's runs lie in the input partitions, from one pass over the session ids: the sessions whose
 * runs lie in more than one partition, and whether each partition holds every other session's runs in one
 * unbroken stretch. The collector and the importer write a session's runs together, so normally they do, and the
 * per-session pass can take them as they come instead of sorting the partition first.
 *
 * @param spanning ids of the sessions read by more than one partition
 * @param contiguous every session's runs (null ids aside) follow one another within its partition
 */
record SessionSpread(List<Row> spanning, boolean contiguous) {
  private static final StructType IDS = new StructType().add(SESSION_ID, DataTypes.StringType);

  /** Reads the session ids of {@code runs} partition by partition (the partitions the pass will read). */
  static SessionSpread of(SparkSession spark, Dataset<Row> runs) {
    LongAccumulator broken = spark.sparkContext().longAccumulator("leti sessions broken within a partition");
    JavaRDD<InternalRow> ids = runs.select(SESSION_ID).queryExecution().toRdd().toJavaRDD()
        .mapPartitions(in -> distinctIds(in, broken));
    List<Row> spanning = spark.internalCreateDataFrame(ids.rdd(), IDS, false)
        .groupBy(SESSION_ID).count().where(col("count").gt(1)).select(SESSION_ID).collectAsList();
    // a retried task can only add to the count, never hide a break
    return new SessionSpread(spanning, broken.value() == 0);
  }

  /** The distinct session ids of one partition; counts a session met again after its stretch ended. */
  private static Iterator<InternalRow> distinctIds(Iterator<InternalRow> in, LongAccumulator broken) {
    Set<UTF8String> seen = new HashSet<>();
    UTF8String current = null;
    long breaks = 0;
    while (in.hasNext()) {
      InternalRow row = in.next();
      if (row.isNullAt(0)) { // not a session: each such run is quarantined on its own
        continue;
      }
      UTF8String id = row.getUTF8String(0);
      if (!id.equals(current)) {
        current = id.clone(); // the input reuses its buffers
        if (!seen.add(current)) {
          breaks++;
        }
      }
    }
    broken.add(breaks);
    List<InternalRow> out = new ArrayList<>(seen.size());
    for (UTF8String id : seen) {
      out.add(new GenericInternalRow(new Object[] {id}));
    }
    return out.iterator();
  }
}
