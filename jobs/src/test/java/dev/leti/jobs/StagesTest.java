package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.lake.Lake;
import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.jobs.pipeline.PipelineJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each stage runs alone (with the stages before it), and job mains parse their options strictly. */
class StagesTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void thePipelineStopsAfterTheStageAskedAndStillReconciles(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("device_id,arch_index,session_id,run_index,warmup,latency_ms,started_at_ms\n");
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 8; i++) {
        csv.append("phone,").append(s).append(",s").append(s).append(',').append(i).append(',')
            .append(i == 0 ? 1 : 0).append(',').append(i == 7 ? 90.0 : 10.0 + i * 0.01).append(',').append(1000 + i)
            .append('\n');
      }
    }
    csv.append("phone,1,s1,9,0,-3,2000\n");
    Path runs = dir.resolve("runs.csv");
    Files.writeString(runs, csv);
    Path devices = dir.resolve("devices.json");
    Files.writeString(devices, "{\"devices\": {\"phone\": {\"kind\": \"phone\", \"gpu\": \"Adreno 640\"}}}");
    Lake lake = new Lake(dir.resolve("lake").toString());
    new ImportRunsJob(lake).runs(runs.toString()).devices(devices.toString()).run(spark);

    PipelineJob.Result validated = new PipelineJob(lake).until(PipelineJob.Stage.VALIDATE).run(spark);
    assertThat(validated.reconciled()).isTrue();
    assertThat(validated.count("quarantined")).isEqualTo(1);
    assertThat(validated.count("outliers")).as("the 90 ms runs").isEqualTo(2);
    assertThat(validated.seconds()).containsOnlyKeys("spaces_and_features", "validate_and_clean_runs");
    assertThat(dir.resolve("lake/clean/quarantine")).isDirectory();
    assertThat(dir.resolve("lake/clean/runs")).doesNotExist();

    PipelineJob.Result medians = new PipelineJob(lake).until(PipelineJob.Stage.MEDIANS).run(spark);
    assertThat(medians.count("medians")).isEqualTo(2);
    assertThat(dir.resolve("lake/gold/latency_medians")).isDirectory();
    assertThat(dir.resolve("lake/gold/training_set_nb201")).doesNotExist();
    assertThat(spark.table("leti.latency_medians").where("arch_id = '0'").first().<Double>getAs("latency_ms"))
        .isEqualTo(10.035, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void jobMainsRejectUnknownOptionsNamingThem() {
    assertThatThrownBy(() -> JobMain.parse(new String[] {"--lake", "x", "--lak", "y"}, List.of("csv")))
        .hasMessageContaining("unknown option '--lak'; known: --lake, --master, --metastore-uris, --csv");
    assertThatThrownBy(() -> JobMain.parse(new String[] {"--csv"}, List.of("csv")))
        .hasMessageContaining("option --csv needs a value");
    assertThat(JobMain.parse(new String[] {"--csv", "f.csv"}, List.of("csv"))).containsEntry("csv", "f.csv");
  }
}
