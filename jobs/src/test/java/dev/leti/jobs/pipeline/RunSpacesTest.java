package dev.leti.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs' spaces from the footers: exact when each row group holds one space, else nothing claimed. */
class RunSpacesTest {
  private static final StructType RUNS = new StructType().add("arch_space", DataTypes.StringType)
      .add("latency_ms", DataTypes.DoubleType).add("batch_id", DataTypes.StringType);
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path dir;

  @Test
  void oneSpacePerRowGroupIsReadFromTheFootersOfCommittedBatchesOnly() throws Exception {
    write(rows("a", "nb101", "nb101"), rows("b", "nb201"), rows("c", null, null), rows("never-committed", "nb999"));

    assertThat(RunSpaces.fromFooters(files(), List.of("a", "b", "c"), conf())).containsExactly("nb101", "nb201");
    assertThat(RunSpaces.fromFooters(files(), List.of("c"), conf())).as("nulls only: no space").isEmpty();
  }

  @Test
  void aRowGroupWithTwoSpacesLeavesItToSpark() throws Exception {
    write(rows("a", "nb101", "nb201"));

    assertThat(RunSpaces.fromFooters(files(), List.of("a"), conf())).isNull();
  }

  private List<Row> rows(String batch, String... spaces) {
    List<Row> rows = new ArrayList<>();
    for (String space : spaces) {
      rows.add(RowFactory.create(space, 1.0, batch));
    }
    return rows;
  }

  @SafeVarargs
  private void write(List<Row>... batches) {
    List<Row> all = new ArrayList<>();
    for (List<Row> b : batches) {
      all.addAll(b);
    }
    spark.createDataFrame(all, RUNS).repartition(1).write().partitionBy("batch_id")
        .parquet(dir.resolve("runs").toString());
  }

  private String[] files() {
    return spark.read().parquet(dir.resolve("runs").toString()).inputFiles();
  }

  private org.apache.hadoop.conf.Configuration conf() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
