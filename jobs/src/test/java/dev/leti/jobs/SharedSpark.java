package dev.leti.jobs;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session (with an embedded Hive metastore in a temporary folder) for every test of the JVM:
 * starting Spark costs seconds, and embedded Derby admits one session anyway. spark-testing-base owns it and
 * provides the DataFrame comparisons.
 */
public final class SharedSpark extends JavaDataFrameSuiteBase {
  private static final SharedSpark INSTANCE = new SharedSpark();
  private static boolean started;

  @Override
  public SparkConf conf() {
    return super.conf()
        .setMaster("local[2]")
        .set("spark.sql.shuffle.partitions", "4")
        .set("spark.sql.session.timeZone", "UTC")
        .set("spark.sql.sources.partitionOverwriteMode", "dynamic");
  }

  public static synchronized SharedSpark get() {
    if (!started) {
      INSTANCE.runBefore();
      started = true;
    }
    return INSTANCE;
  }

  public static SparkSession session() {
    return get().spark();
  }

  /** Order-insensitive comparison of two DataFrames with equal schemas (doubles within 1e-9). */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    get().assertDataFrameApproximateEquals(expected.orderBy(sortColumns(expected)), actual.orderBy(sortColumns(actual)),
        1e-9);
  }

  private static org.apache.spark.sql.Column[] sortColumns(Dataset<Row> df) {
    return java.util.Arrays.stream(df.columns()).map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  /** The shared reference data (../shared), as Surefire passes it. */
  public static Path shared(String relative) {
    return Path.of(System.getProperty("leti.shared.dir", "../../shared")).resolve(relative);
  }
}
