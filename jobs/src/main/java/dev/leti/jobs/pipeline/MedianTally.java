package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.ARCH_ID;
import static dev.leti.lake.Columns.ARCH_SPACE;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.AccumulatorV2;

/**
 * The medians a pipeline run writes ({@link MediansJob.Pooled#SCHEMA} rows), per space: how many, and how many
 * distinct archs. These are the rows of the space's training set and of its {@code arch_features} view (every
 * median's arch passed validation against the space's features), counted as the medians are written instead of
 * read again. An accumulator: each task's archs are merged into one set per space on the driver; Spark applies the
 * updates of a job's final stage once per partition, so a retried task does not count twice.
 */
final class MedianTally extends AccumulatorV2<InternalRow, Map<String, MedianTally.Count>> {
  private static final long serialVersionUID = 1L;
  private static final int SPACE = MediansJob.Pooled.SCHEMA.fieldIndex(ARCH_SPACE);
  private static final int ARCH = MediansJob.Pooled.SCHEMA.fieldIndex(ARCH_ID);

  /** Medians of one space, and their distinct archs. */
  record Count(long rows, long archs) {}

  private static final class Space implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    final HashSet<UTF8String> archs = new HashSet<>();
  }

  private final HashMap<UTF8String, Space> spaces = new HashMap<>();

  /** A new tally, registered with Spark (its task updates reach the driver). */
  static MedianTally register(SparkSession spark) {
    MedianTally t = new MedianTally();
    spark.sparkContext().register(t, "leti medians per space");
    return t;
  }

  /** {@code medians} unchanged, each row tallied as it is consumed (by a write: once per row). */
  Dataset<Row> tallying(Dataset<Row> medians) {
    if (medians.schema().getFieldIndex(ARCH_SPACE).getOrElse(() -> -1) != SPACE
        || medians.schema().getFieldIndex(ARCH_ID).getOrElse(() -> -1) != ARCH) {
      throw new IllegalArgumentException("not medians: " + medians.schema().simpleString());
    }
    MedianTally to = this;
    JavaRDD<InternalRow> rows = medians.queryExecution().toRdd().toJavaRDD().map(row -> {
      to.add(row);
      return row;
    });
    return medians.sparkSession().internalCreateDataFrame(rows.rdd(), medians.schema(), false);
  }

  /** A median row (of {@link MediansJob.Pooled#SCHEMA}); its strings are copied only when new to the tally. */
  @Override
  public void add(InternalRow median) {
    UTF8String space = median.isNullAt(SPACE) ? null : median.getUTF8String(SPACE);
    UTF8String arch = median.isNullAt(ARCH) ? null : median.getUTF8String(ARCH);
    Space s = spaces.get(space);
    if (s == null) {
      s = new Space();
      spaces.put(space == null ? null : space.clone(), s);
    }
    s.rows++;
    if (!s.archs.contains(arch)) {
      s.archs.add(arch == null ? null : arch.clone());
    }
  }

  @Override
  public void merge(AccumulatorV2<InternalRow, Map<String, Count>> other) {
    ((MedianTally) other).spaces.forEach((space, theirs) -> {
      Space mine = spaces.computeIfAbsent(space, k -> new Space());
      mine.rows += theirs.rows;
      mine.archs.addAll(theirs.archs);
    });
  }

  /** Per space (by name; a null space under "null"), sorted. */
  @Override
  public Map<String, Count> value() {
    Map<String, Count> out = new TreeMap<>();
    spaces.forEach((space, s) -> out.put(String.valueOf(space), new Count(s.rows, s.archs.size())));
    return out;
  }

  @Override
  public boolean isZero() {
    return spaces.isEmpty();
  }

  @Override
  public AccumulatorV2<InternalRow, Map<String, Count>> copy() {
    MedianTally c = new MedianTally();
    c.merge(this);
    return c;
  }

  @Override
  public void reset() {
    spaces.clear();
  }
}
