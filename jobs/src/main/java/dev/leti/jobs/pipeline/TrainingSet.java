package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Medians joined with the features of their archs: one row per (device, arch), ready for MLlib.
 *
 * <p>Cost: one read of the space's features, streamed past the broadcast medians, and the write of the training
 * set, which is most of it: at 10M runs (444,800 rows of 82 columns), about 2.8 of the stage's 4.3 task CPU seconds
 * are Parquet encoding, 1.5 the read and the join.
 */
public final class TrainingSet {
  /**
   * Up to this many medians the join broadcasts them and streams the space's features past them, instead of
   * shuffling and sorting both sides: at 444,800 medians (10M runs) the stage took half the time and CPU (9.5 → 5.1 s,
   * 10.6 → 5.0 CPU s). A million medians is roughly 200 MB on the driver, within a default driver's memory.
   */
  static final long BROADCAST_MAX_MEDIANS = 1_000_000;

  /** Runs the whole pipeline, training sets last. */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.pipelineUntil("training set", args, PipelineJob.Stage.TRAINING_SET);
  }

  private TrainingSet() {}

  /** The key, the median columns, then the feature columns, whichever way the join runs. */
  public static Dataset<Row> of(Dataset<Row> medians, Dataset<Row> archFeatures, long mediansCount) {
    String[] key = {ARCH_SPACE, ARCH_ID};
    Dataset<Row> joined = broadcasts(mediansCount)
        ? archFeatures.join(broadcast(medians), key)
        : medians.join(archFeatures, key);
    List<Column> order = new ArrayList<>(List.of(col(ARCH_SPACE), col(ARCH_ID)));
    for (Dataset<Row> side : List.of(medians, archFeatures)) {
      for (String c : side.columns()) {
        if (!List.of(key).contains(c)) {
          order.add(col(c));
        }
      }
    }
    return joined.select(order.toArray(Column[]::new));
  }

  /** Whether {@link #of} broadcasts this many medians (else it shuffles both sides). */
  static boolean broadcasts(long mediansCount) {
    return mediansCount <= BROADCAST_MAX_MEDIANS;
  }

  /**
   * Counts the rows and the distinct archs of a training set {@link #of} made with the medians broadcast, as a write
   * consumes them ({@link RowTally}; in that order). The distinct archs of each partition add up: the space's
   * features hold one row per arch, and the broadcast join streams each one past the medians in one partition, so
   * an arch's rows never lie in two partitions. (A shuffled join gives no such promise: Spark may split a skewed
   * partition.)
   */
  static Function0<RowTally.Counter> rowsAndArchs(StructType trainingSet) {
    int archId = trainingSet.fieldIndex(ARCH_ID);
    return () -> new RowTally.Counter() {
      private final Set<UTF8String> archs = new HashSet<>();

      @Override
      public void add(InternalRow row, long[] counts) {
        counts[0]++;
        UTF8String arch = row.getUTF8String(archId);
        if (!archs.contains(arch)) {
          archs.add(arch.clone()); // the row's bytes are reused for the next row
          counts[1]++;
        }
      }
    };
  }
}
