package dev.leti.jobs.pipeline;

import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.LongAccumulator;

/**
 * Counts the rows of a table while its write consumes them: the pipeline's counts of what it writes, without a
 * second pass over the written files. Each partition counts with its own {@link Counter} (which may keep state, such
 * as the keys it has seen) and adds its counts to accumulators when its rows run out. Read the {@link #values} after
 * the write: Spark applies the accumulator updates of a job's final stage once per partition, so a retried task
 * does not count twice, and a failed one not at all.
 */
final class RowTally implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What one partition counts: {@code counts[i]} is the i-th name's count, added to for each row. */
  interface Counter {
    void add(InternalRow row, long[] counts);
  }

  private final String[] names;
  private final LongAccumulator[] sums;

  RowTally(SparkSession spark, String... names) {
    this.names = names.clone();
    this.sums = new LongAccumulator[names.length];
    for (int i = 0; i < names.length; i++) {
      sums[i] = spark.sparkContext().longAccumulator("leti " + names[i]);
    }
  }

  /** {@code data} unchanged (same schema, same rows), counted by a new {@code counter} per partition when consumed. */
  Dataset<Row> counting(Dataset<Row> data, Function0<Counter> counter) {
    LongAccumulator[] to = sums;
    JavaRDD<InternalRow> rows = data.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(in -> new Counting(in, counter.call(), to));
    return data.sparkSession().internalCreateDataFrame(rows.rdd(), data.schema(), false);
  }

  /** The counts by name, in the order given. */
  Map<String, Long> values() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], sums[i].value());
    }
    return m;
  }

  private static final class Counting implements Iterator<InternalRow> {
    private final Iterator<InternalRow> in;
    private final Counter counter;
    private final LongAccumulator[] sums;
    private final long[] counts;
    private boolean added;

    Counting(Iterator<InternalRow> in, Counter counter, LongAccumulator[] sums) {
      this.in = in;
      this.counter = counter;
      this.sums = sums;
      this.counts = new long[sums.length];
    }

    @Override
    public boolean hasNext() {
      boolean more = in.hasNext();
      if (!more && !added) {
        added = true;
        for (int i = 0; i < counts.length; i++) {
          sums[i].add(counts[i]);
        }
      }
      return more;
    }

    @Override
    public InternalRow next() {
      InternalRow row = in.next();
      counter.add(row, counts);
      return row;
    }
  }
}
