package dev.leti.jobs.pipeline;

import static org.apache.spark.sql.functions.col;
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

/** Counts taken while medians are written equal counts over what was written. */
class RowTallyTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void countsOfSeveralPartitionsAddUpToCountsOfTheWrittenRows() {
    // 40 medians in 4 partitions, every third one from an aggregated table
    List<Row> medians = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      medians.add(RowFactory.create("dev" + i % 4, "a" + i, i % 3 == 0));
    }
    Dataset<Row> m = spark.createDataFrame(medians, new StructType().add("device_id", DataTypes.StringType)
        .add("arch_id", DataTypes.StringType).add("aggregated", DataTypes.BooleanType))
        .repartition(4, col("device_id"));

    RowTally tally = new RowTally(spark, "medians", "medians_aggregated");
    tally.counting(m, MediansJob.kinds(m.schema())).write().format("noop").mode(SaveMode.Overwrite).save();

    assertThat(m.rdd().getNumPartitions()).as("the counts of several partitions add up").isEqualTo(4);
    assertThat(tally.values().get("medians")).isEqualTo(m.where("NOT aggregated").count()).isEqualTo(26);
    assertThat(tally.values().get("medians_aggregated")).isEqualTo(m.where("aggregated").count()).isEqualTo(14);
    assertThat(tally.values()).containsOnlyKeys("medians", "medians_aggregated");
  }
}
