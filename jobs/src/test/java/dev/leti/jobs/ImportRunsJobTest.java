package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.lake.BatchLog;
import dev.leti.lake.Lake;
import dev.leti.jobs.pipeline.ImportRunsJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportRunsJobTest {
  private static final String HEADER =
      "device_id,arch_hash,session_id,run_index,warmup,latency_ms,started_at_ms,temperature_c,clock_mhz\n";
  private final SparkSession spark = SharedSpark.session();

  @Test
  void importsEveryLineKeepsUnreadableFieldsAsParseErrorsAndSkipsTheSameFilesTwice(@TempDir Path dir)
      throws Exception {
    Path csv = dir.resolve("runs.csv");
    Files.writeString(csv, HEADER
        + "gpu,28cfc7874f6d200472e1a9dcd8650aa0,s1,0,1,5.5,1000,40.5,1980\n"
        + "gpu,28cfc7874f6d200472e1a9dcd8650aa0,s1,1,0,abc,1010,,\n"
        + "gpu,28cfc7874f6d200472e1a9dcd8650aa0,s1,2,yes,NaN,1020,,\n"
        + "gpu,28cfc7874f6d200472e1a9dcd8650aa0,s1,3\n");
    Lake lake = new Lake(dir.resolve("lake").toString());
    ImportRunsJob.Result first = new ImportRunsJob(lake).runs(csv.toString()).run(spark);
    assertThat(first.alreadyImported()).isFalse();
    assertThat(first.runs()).as("no line dropped").isEqualTo(4);

    List<Row> rows = spark.read().parquet(lake.rawRuns()).orderBy("source_line").collectAsList();
    assertThat(rows.get(0).<String>getAs("arch_space")).isEqualTo("nb101");
    assertThat(rows.get(0).<Double>getAs("temperature_c")).isEqualTo(40.5);
    assertThat(rows.get(0).<Boolean>getAs("warmup")).isTrue();
    assertThat(rows.get(0).<String>getAs("batch_id")).isEqualTo(first.batchId());
    assertThat(rows.get(0).<String>getAs("parse_error")).isNull();
    assertThat(rows.get(1).<String>getAs("parse_error")).isEqualTo("latency_ms='abc'");
    assertThat(rows.get(2).<String>getAs("parse_error")).isEqualTo("warmup='yes'");
    assertThat(rows.get(2).<Double>getAs("latency_ms")).isNaN();
    assertThat(rows.get(3).<String>getAs("parse_error")).isEqualTo("expected 9 fields, found 4");
    assertThat(rows.get(3).<Long>getAs("source_line")).isEqualTo(4);

    ImportRunsJob.Result again = new ImportRunsJob(lake).runs(csv.toString()).run(spark);
    assertThat(again.alreadyImported()).isTrue();
    assertThat(again.batchId()).isEqualTo(first.batchId());
    assertThat(spark.read().parquet(lake.rawRuns()).count()).isEqualTo(4);
    assertThat(new BatchLog(lake, spark.sparkContext().hadoopConfiguration()).committed()).singleElement()
        .satisfies(c -> assertThat(c.rows()).containsEntry("runs", 4L));
    assertThat(spark.table("leti.raw_runs").count()).isEqualTo(4);
    assertThat(spark.table("leti.batches").count()).isEqualTo(1);
  }

  @Test
  void aCorruptFileIsAnErrorNamingItAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
    Path gz = dir.resolve("runs.csv.gz");
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      StringBuilder s = new StringBuilder(HEADER);
      for (int i = 0; i < 20_000; i++) {
        s.append("gpu,28cfc7874f6d200472e1a9dcd8650aa0,s").append(i).append(",0,0,1.5,1000,,\n");
      }
      out.write(s.toString().getBytes());
    }
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2)); // truncated in transfer
    Lake lake = new Lake(dir.resolve("lake").toString());
    assertThatThrownBy(() -> new ImportRunsJob(lake).runs(gz.toString()).run(spark))
        .hasMessageStartingWith("cannot read " + gz);
    assertThat(new BatchLog(lake, spark.sparkContext().hadoopConfiguration()).committed()).isEmpty();
    assertThat(dir.resolve("lake/raw/runs")).doesNotExist();
  }

  @Test
  void aHeaderThatDoesNotFitIsAnErrorNamingTheColumn(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("runs.csv");
    Files.writeString(csv, "device_id,arch_hash,session_id,run_index,warmup,latency,started_at_ms\n");
    Lake lake = new Lake(dir.resolve("lake").toString());
    assertThatThrownBy(() -> new ImportRunsJob(lake).runs(csv.toString()).run(spark))
        .hasMessageContaining(csv + ": unknown column 'latency'");
    assertThatThrownBy(() -> new ImportRunsJob(lake).runs(dir.resolve("missing.csv").toString()).run(spark))
        .hasMessageContaining("input file not found: " + dir.resolve("missing.csv"));
  }
}
