package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.lake.Lake;
import dev.leti.jobs.pipeline.ImportTableJob;
import dev.leti.jobs.pipeline.PipelineJob;
import dev.leti.jobs.pipeline.TableProfile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportTableJobTest {
  private static final Set<String> DEVICES = Set.of("help,pixel2", "help,1080ti_1",
      "eagle,desktop_cpu_core_i7_7820x_fp32", "eagle,desktop_gpu_gtx_1080ti_fp32");
  private final SparkSession spark = SharedSpark.session();

  /** Four real device columns of the public NB-201 tables, archs 0..499, plus three bad rows. */
  private static Path sample(Path dir) throws Exception {
    StringBuilder csv = new StringBuilder();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedSpark.shared("datasets/nb201-public/latency.csv.gz")))))) {
      csv.append(in.readLine()).append('\n');
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(",");
        if (DEVICES.contains(f[0] + "," + f[1]) && Integer.parseInt(f[2]) < 500) {
          csv.append(line).append('\n');
        }
      }
    }
    csv.append("help,pixel2,99999,12.0\n");        // no such arch
    csv.append("help,pixel2,7,0\n");               // zero latency
    csv.append("help,pixel2,7,13.0\n");            // arch 7 of pixel2 again
    Path file = dir.resolve("latency.csv");
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void theQuarantineAndDevicesKeepTheirColumnsWithOrWithoutTableRows(@TempDir Path dir) throws Exception {
    Lake lake = new Lake(dir.resolve("lake").toString());
    Path devices = dir.resolve("devices.json");
    Files.writeString(devices, "{\"devices\": {\"phone\": {\"kind\": \"phone\"}}}");
    Path runs = dir.resolve("runs.csv");
    Files.writeString(runs, PhoneRuns.HEADER + PhoneRuns.session("s0", 3, 0, 6, 10.0) + "phone,3,s0,6,0,-1,99\n");
    new dev.leti.jobs.pipeline.ImportRunsJob(lake).runs(runs.toString()).devices(devices.toString()).run(spark);
    new PipelineJob(lake).until(PipelineJob.Stage.VALIDATE).run(spark);
    List<String> quarantineRunsOnly = List.of(spark.read().parquet(lake.quarantine()).columns());
    List<String> devicesRunsOnly = List.of(spark.read().parquet(lake.devices()).columns());
    assertThat(spark.read().parquet(lake.quarantine()).count()).as("the negative latency").isEqualTo(1);

    Path table = dir.resolve("table.csv");
    Files.writeString(table, "source,device,arch_index,latency_ms\nhelp,pixel2,7,13.0\nhelp,pixel2,8,-2\n");
    new ImportTableJob(lake).csv(table.toString()).space("nb201").run(spark);
    new PipelineJob(lake).until(PipelineJob.Stage.VALIDATE).run(spark);

    assertThat(spark.read().parquet(lake.quarantine()).count()).as("and the table's bad row").isEqualTo(2);
    assertThat(spark.read().parquet(lake.quarantine()).columns()).containsExactlyElementsOf(quarantineRunsOnly);
    assertThat(spark.read().parquet(lake.devices()).columns()).containsExactlyElementsOf(devicesRunsOnly);
  }

  @Test
  void anAggregatedTableBecomesMediansWithItsCaveatsReportedAndBadRowsQuarantined(@TempDir Path dir)
      throws Exception {
    Lake lake = new Lake(dir.resolve("lake").toString());
    Path sample = sample(dir);
    long rows = Files.lines(sample).count() - 1; // Eagle omits the archs without an input-output path
    ImportTableJob.Result imported = new ImportTableJob(lake).csv(sample.toString()).space("nb201").run(spark);
    assertThat(imported.rows()).isEqualTo(rows).isBetween(1900L, 2003L);
    Map<String, TableProfile> profiles = new HashMap<>();
    imported.profiles().forEach(p -> profiles.put(p.device(), p));
    assertThat(profiles.get("pixel2").warnings()).anySatisfy(w -> assertThat(w).startsWith("whole milliseconds"));
    assertThat(profiles.get("1080ti_1").warnings()).noneSatisfy(w -> assertThat(w).startsWith("whole"));
    assertThat(profiles.get("desktop_cpu_core_i7_7820x_fp32").nearCopyOf())
        .isEqualTo("eagle/desktop_gpu_gtx_1080ti_fp32");

    // the shared metastore may list another lake's raw runs: this lake has none
    spark.sql("DROP VIEW IF EXISTS leti.clean_runs");
    spark.sql("DROP TABLE IF EXISTS leti.raw_runs");
    PipelineJob.Result run = new PipelineJob(lake).run(spark);
    assertThat(run.reconciled()).isTrue();
    assertThat(spark.catalog().tableExists("leti.clean_runs")).as("no runs, no view of them").isFalse();
    assertThat(run.count("table_rows_in")).isEqualTo(rows);
    assertThat(run.count("table_rows_quarantined")).isEqualTo(3);
    assertThat(run.count("medians_aggregated")).isEqualTo(rows - 3);
    List<Row> quarantined = spark.table("leti.quarantine").where("row_kind = 'table'")
        .select("arch_id", "latency_ms", "reason").orderBy("reason").collectAsList();
    assertThat(quarantined).extracting(r -> r.getString(2))
        .containsExactly("duplicate_row", "invalid_arch", "latency_not_positive");
    assertThat(spark.table("leti.training_set_nb201").where("device_id = 'pixel2' AND arch_id = '7'")
        .select("latency_ms", "aggregated").first()).satisfies(r -> {
          assertThat(r.getDouble(1 - 1)).as("the first line of the newest batch wins").isNotEqualTo(13.0);
          assertThat(r.getBoolean(1)).isTrue();
        });
    assertThat(spark.table("leti.devices").where("kind = 'external-table'").count()).isEqualTo(4);
  }
}
