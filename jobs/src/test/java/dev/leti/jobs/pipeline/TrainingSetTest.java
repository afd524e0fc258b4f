package dev.leti.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.jobs.SharedSpark;
import dev.leti.lake.Lake;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training set is the same table whether the join broadcasts the medians or shuffles both sides, whether a job
 * reads it from the lake or an analyst through the metastore's view.
 */
class TrainingSetTest {
  private final SparkSession spark = SharedSpark.session();
  private final Dataset<Row> medians = spark.createDataFrame(List.of(
          RowFactory.create("gpu", "nb101", "a", 1.5),
          RowFactory.create("cpu", "nb101", "a", 9.0),
          RowFactory.create("gpu", "nb101", "b", 2.5),
          RowFactory.create("gpu", "nb201", "a", 7.0)), // another space's arch "a": not in this training set
      new StructType().add("device_id", DataTypes.StringType).add("arch_space", DataTypes.StringType)
          .add("arch_id", DataTypes.StringType).add("latency_ms", DataTypes.DoubleType));
  private final Dataset<Row> features = spark.createDataFrame(List.of(
          RowFactory.create("nb101", "a", 10L),
          RowFactory.create("nb101", "b", 20L),
          RowFactory.create("nb101", "c", 30L)),
      new StructType().add("arch_space", DataTypes.StringType).add("arch_id", DataTypes.StringType)
          .add("macs", DataTypes.LongType));
  private final List<Row> expected = List.of(
      RowFactory.create("nb101", "a", "cpu", 9.0, 10L),
      RowFactory.create("nb101", "a", "gpu", 1.5, 10L),
      RowFactory.create("nb101", "b", "gpu", 2.5, 20L));

  @Test
  void broadcastAndShuffledJoinsGiveTheSameRowsInTheSameColumnOrder() {
    Dataset<Row> ofSpace = medians.where("arch_space = 'nb101'");
    Dataset<Row> broadcast = TrainingSet.of(ofSpace, features, 3);
    Dataset<Row> shuffled = TrainingSet.of(ofSpace, features, Long.MAX_VALUE);

    assertThat(broadcast.columns()).containsExactly("arch_space", "arch_id", "device_id", "latency_ms", "macs");
    assertThat(shuffled.columns()).containsExactly(broadcast.columns());
    SharedSpark.assertSameRows(broadcast, shuffled);
    assertThat(broadcast.orderBy("device_id", "arch_id").collectAsList()).containsExactlyElementsOf(expected);
  }

  @Test
  void theViewsQueryGivesTheRowsAndColumnsTheJobsRead() {
    medians.createOrReplaceTempView("training_set_test_medians");
    features.createOrReplaceTempView("training_set_test_features");
    for (long count : new long[] {3, Long.MAX_VALUE}) {
      Dataset<Row> view = spark.sql(TrainingSet.viewQuery("nb101", "training_set_test_medians", medians.columns(),
          "training_set_test_features", features.columns(), count));

      assertThat(view.columns()).containsExactly("arch_space", "arch_id", "device_id", "latency_ms", "macs");
      assertThat(view.orderBy("device_id", "arch_id").collectAsList()).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void isReadFromTheLakesMediansAndSpaceFeatures(@TempDir Path dir) throws Exception {
    Lake lake = new Lake(dir.toString());
    assertThatThrownBy(() -> TrainingSet.read(spark, lake, "nb101")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no nb101 training set in " + lake.root());
    medians.write().parquet(lake.latencyMedians());
    features.write().parquet(lake.spaceFeatures("nb101"));

    Dataset<Row> read = TrainingSet.read(spark, lake, "nb101");

    assertThat(TrainingSet.exists(spark, lake, "nb101")).isTrue();
    assertThat(TrainingSet.exists(spark, lake, "nb201")).as("no features of that space").isFalse();
    assertThat(read.select("arch_space", "arch_id", "device_id", "latency_ms", "macs")
        .orderBy("device_id", "arch_id").collectAsList()).containsExactlyElementsOf(expected);
    assertThat(read.columns()).startsWith("arch_space", "arch_id", "device_id", "latency_ms", "p10_ms")
        .endsWith("aggregated", "source", "macs");
  }
}
