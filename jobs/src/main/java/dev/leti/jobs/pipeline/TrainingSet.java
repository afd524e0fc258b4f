package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import dev.leti.lake.Lake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Medians joined with the features of their archs: one row per (device, arch), ready for MLlib. The lake keeps no
 * copy of it: the medians and the space's features are its tables, the jobs read the join ({@link #read}) and the
 * metastore has it as the view {@code training_set_<space>} ({@link #viewQuery}), as it has
 * {@code arch_features_<space>}.
 *
 * <p>Why no copy: at 10M runs the written table (444,800 rows of 82 columns, 80 of them repeating the features of
 * 800 archs) cost 5–8 s of a 19 s pipeline, with its Parquet encoding and the compilation of an 82-column plan, to
 * store nothing the two tables do not hold. A reader pays the join instead, once, for the devices it reads.
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

  /**
   * The training set of {@code space} from the lake's medians and the space's features.
   *
   * @throws IllegalArgumentException when the lake has no medians or no features of the space (no pipeline run)
   */
  public static Dataset<Row> read(SparkSession spark, Lake lake, String space) throws IOException {
    Dataset<Row> medians = tablesExist(spark, lake, space) ? medians(spark, lake, space) : null;
    long count = medians == null ? 0 : medians.count();
    if (count == 0) {
      throw new IllegalArgumentException("no " + space + " training set in " + lake.root() + ": it joins the"
          + " space's medians with its features, and 'leti pipeline' writes both");
    }
    return of(medians, spark.read().parquet(lake.spaceFeatures(space)), count);
  }

  /** Whether the lake holds medians of {@code space} and the space's features: what its training set is made of. */
  public static boolean exists(SparkSession spark, Lake lake, String space) throws IOException {
    return tablesExist(spark, lake, space) && !medians(spark, lake, space).isEmpty();
  }

  private static boolean tablesExist(SparkSession spark, Lake lake, String space) throws IOException {
    Path medians = new Path(lake.latencyMedians());
    FileSystem fs = medians.getFileSystem(spark.sparkContext().hadoopConfiguration());
    return fs.exists(medians) && fs.exists(new Path(lake.spaceFeatures(space)));
  }

  private static Dataset<Row> medians(SparkSession spark, Lake lake, String space) {
    return spark.read().schema(MediansJob.Pooled.SCHEMA).parquet(lake.latencyMedians())
        .where(col(ARCH_SPACE).equalTo(space));
  }

  /** The key, the median columns, then the feature columns, whichever way the join runs. */
  public static Dataset<Row> of(Dataset<Row> medians, Dataset<Row> archFeatures, long mediansCount) {
    String[] key = {ARCH_SPACE, ARCH_ID};
    Dataset<Row> joined = broadcasts(mediansCount)
        ? archFeatures.join(broadcast(medians), key)
        : medians.join(archFeatures, key);
    return joined.select(columns(medians.columns(), archFeatures.columns()).stream()
        .map(c -> col(c[1])).toArray(Column[]::new));
  }

  /**
   * The SQL of the metastore's view: the rows and columns {@link #of} gives, over two tables or views.
   *
   * @param medians the medians' table (all spaces)
   * @param features the space's features table
   */
  static String viewQuery(String space, String medians, String[] medianColumns, String features,
      String[] featureColumns, long mediansCount) {
    String select = columns(medianColumns, featureColumns).stream().map(c -> c[0] + ".`" + c[1] + "`")
        .collect(Collectors.joining(", "));
    return "SELECT " + (broadcasts(mediansCount) ? "/*+ BROADCAST(m) */ " : "") + select + " FROM " + medians
        + " m JOIN " + features + " f ON m." + ARCH_SPACE + " = f." + ARCH_SPACE + " AND m." + ARCH_ID + " = f."
        + ARCH_ID + " WHERE m." + ARCH_SPACE + " = '" + space.replace("'", "\\'") + "'";
  }

  /** Whether {@link #of} broadcasts this many medians (else it shuffles both sides). */
  static boolean broadcasts(long mediansCount) {
    return mediansCount <= BROADCAST_MAX_MEDIANS;
  }

  /** The training set's columns in order, each as (side: m or f, name): the key, the medians', the features'. */
  private static List<String[]> columns(String[] medianColumns, String[] featureColumns) {
    List<String> key = List.of(ARCH_SPACE, ARCH_ID);
    List<String[]> out = new ArrayList<>();
    key.forEach(k -> out.add(new String[] {"m", k}));
    for (String c : medianColumns) {
      if (!key.contains(c)) {
        out.add(new String[] {"m", c});
      }
    }
    for (String c : featureColumns) {
      if (!key.contains(c)) {
        out.add(new String[] {"f", c});
      }
    }
    return out;
  }
}
