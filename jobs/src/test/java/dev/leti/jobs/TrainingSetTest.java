package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.pipeline.TrainingSet;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The training set is the same table whether the join broadcasts the medians or shuffles both sides. */
class TrainingSetTest {
  @Test
  void broadcastAndShuffledJoinsGiveTheSameRowsInTheSameColumnOrder() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> medians = spark.createDataFrame(List.of(
            RowFactory.create("gpu", "nb101", "a", 1.5),
            RowFactory.create("cpu", "nb101", "a", 9.0),
            RowFactory.create("gpu", "nb101", "b", 2.5)),
        new StructType().add("device_id", DataTypes.StringType).add("arch_space", DataTypes.StringType)
            .add("arch_id", DataTypes.StringType).add("latency_ms", DataTypes.DoubleType));
    Dataset<Row> features = spark.createDataFrame(List.of(
            RowFactory.create("nb101", "a", 10L),
            RowFactory.create("nb101", "b", 20L),
            RowFactory.create("nb101", "c", 30L)),
        new StructType().add("arch_space", DataTypes.StringType).add("arch_id", DataTypes.StringType)
            .add("macs", DataTypes.LongType));

    Dataset<Row> broadcast = TrainingSet.of(medians, features, 3);
    Dataset<Row> shuffled = TrainingSet.of(medians, features, Long.MAX_VALUE);

    assertThat(broadcast.columns()).containsExactly("arch_space", "arch_id", "device_id", "latency_ms", "macs");
    assertThat(shuffled.columns()).containsExactly(broadcast.columns());
    SharedSpark.assertSameRows(broadcast, shuffled);
    assertThat(broadcast.orderBy("device_id", "arch_id").collectAsList()).containsExactly(
        RowFactory.create("nb101", "a", "cpu", 9.0, 10L),
        RowFactory.create("nb101", "a", "gpu", 1.5, 10L),
        RowFactory.create("nb101", "b", "gpu", 2.5, 20L));
  }
}
