package dev.leti.jobs.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Counts taken while a training set is written equal counts over what was written. */
class RowTallyTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void rowsAndDistinctArchsOfABroadcastJoinOverSeveralPartitionsAddUp() {
    // 40 archs in 4 feature partitions; arch i measured on (i % 3) + 1 devices, archs 30..39 not at all, plus
    // a median of an arch the space does not have (no feature row: not in the training set)
    List<Row> features = new ArrayList<>();
    List<Row> medians = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      features.add(RowFactory.create("nb201", "a" + i, (long) i));
      for (int d = 0; i < 30 && d <= i % 3; d++) {
        medians.add(RowFactory.create("dev" + d, "nb201", "a" + i, 1.0 + i));
      }
    }
    medians.add(RowFactory.create("dev0", "nb201", "elsewhere", 5.0));
    Dataset<Row> f = spark.createDataFrame(features, new StructType().add("arch_space", DataTypes.StringType)
        .add("arch_id", DataTypes.StringType).add("macs", DataTypes.LongType)).repartition(4, col("macs"));
    Dataset<Row> m = spark.createDataFrame(medians, new StructType().add("device_id", DataTypes.StringType)
        .add("arch_space", DataTypes.StringType).add("arch_id", DataTypes.StringType)
        .add("latency_ms", DataTypes.DoubleType));
    assertThat(TrainingSet.broadcasts(medians.size())).isTrue();
    Dataset<Row> joined = TrainingSet.of(m, f, medians.size());

    RowTally tally = new RowTally(spark, "rows", "archs");
    tally.counting(joined, TrainingSet.rowsAndArchs(joined.schema())).write().format("noop")
        .mode(SaveMode.Overwrite).save();

    assertThat(joined.rdd().getNumPartitions()).as("the counts of several partitions add up").isGreaterThan(1);
    assertThat(tally.values().get("rows")).isEqualTo(joined.count()).isEqualTo(10 * (1 + 2 + 3));
    assertThat(tally.values().get("archs")).isEqualTo(joined.agg(countDistinct("arch_id")).first().getLong(0))
        .isEqualTo(30);
  }
}
