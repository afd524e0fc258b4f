package dev.leti.jobs;

import static org.apache.spark.sql.functions.countDistinct;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.pipeline.ImportTableJob;
import dev.leti.jobs.pipeline.PipelineJob;
import dev.leti.jobs.pipeline.TrainingSet;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gold stages count what they write as they write it: the counts a run records must be those of its tables,
 * with an arch measured in two sessions read in two places, an arch with one session, and aggregated table values
 * of the same space (archs with and without runs).
 */
class GoldCountsTest {
  private static final String HEADER = PhoneRuns.HEADER;

  private static String runs(String session, int arch, double base) {
    return HEADER + PhoneRuns.session(session, arch, 0, 8, base);
  }
  private final SparkSession spark = SharedSpark.session();

  @Test
  void countsOfMediansAndTrainingSetsAreThoseOfTheWrittenTables(@TempDir Path dir) throws Exception {
    // arch 0 measured twice, in two batches; arch 1 once
    Lake lake = PhoneRuns.imported(spark, dir, runs("s0", 0, 10.0) + runs("s2", 1, 30.0).substring(HEADER.length()),
        runs("s1", 0, 12.0));
    Path table = dir.resolve("table.csv");
    Files.writeString(table, "source,device,arch_index,latency_ms\nhelp,pixel2,0,12.0\nhelp,pixel2,5,13.0\n"
        + "eagle,adreno,0,7.0\n");
    new ImportTableJob(lake).csv(table.toString()).space("nb201").run(spark);

    // one input partition per file, so that arch 0's sessions are judged in two tasks
    String openCost = spark.conf().get("spark.sql.files.openCostInBytes");
    spark.conf().set("spark.sql.files.openCostInBytes", String.valueOf(1L << 40));
    PipelineJob.Result r;
    try {
      r = new PipelineJob(lake).run(spark);
    } finally {
      spark.conf().set("spark.sql.files.openCostInBytes", openCost);
    }

    Dataset<Row> medians = spark.read().parquet(lake.latencyMedians());
    Dataset<Row> training = TrainingSet.read(spark, lake, "nb201");
    SharedSpark.assertSameRows(spark.table("leti.training_set_nb201"), training);
    assertThat(r.count("medians")).as("phone: archs 0 and 1").isEqualTo(2)
        .isEqualTo(medians.where("NOT aggregated").count());
    assertThat(r.count("medians_aggregated")).isEqualTo(3).isEqualTo(medians.where("aggregated").count());
    assertThat(r.count("training_set_nb201")).isEqualTo(5).isEqualTo(training.count());
    assertThat(r.count("arch_features_nb201")).as("archs 0, 1 and 5").isEqualTo(3)
        .isEqualTo(training.agg(countDistinct("arch_id")).first().getLong(0))
        .isEqualTo(spark.table("leti.arch_features_nb201").count());

    Row twice = medians.where("device_id = 'phone' AND arch_id = '0'").first();
    assertThat(twice.<Long>getAs("sessions")).isEqualTo(2);
    assertThat(twice.<Long>getAs("runs_used")).isEqualTo(14);
    assertThat(twice.<Double>getAs("latency_ms")).as("median of 10.04 and 12.04")
        .isCloseTo(11.04, Offset.offset(1e-9));
    assertThat(twice.<Double>getAs("p10_ms")).as("the 14 runs pooled").isCloseTo(10.023, Offset.offset(1e-9));
  }
}
