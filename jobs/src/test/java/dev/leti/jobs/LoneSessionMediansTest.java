package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.jobs.pipeline.PipelineJob;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session pass writes the median of an arch the sessions table gives one session itself; every other arch is
 * pooled over all its sessions, including an arch whose one described session has an undescribed companion.
 */
class LoneSessionMediansTest {
  private static final String HEADER = PhoneRuns.HEADER;
  private final SparkSession spark = SharedSpark.session();

  /** A warm-up, then seven runs at base + 0.01 … base + 0.07 ms. */
  private static String runs(String session, int arch, double base) {
    return PhoneRuns.session(session, arch, 0, 8, base);
  }

  @Test
  void loneSessionsGiveTheirMedianAndSharedArchsArePooled(@TempDir Path dir) throws Exception {
    Path devices = dir.resolve("devices.json");
    Files.writeString(devices, "{\"devices\": {\"phone\": {\"kind\": \"phone\"}}}");
    Path first = dir.resolve("runs-0.csv");
    Files.writeString(first, HEADER + runs("s0", 0, 10.0) + runs("s1a", 1, 20.0) + runs("s1b", 1, 22.0)
        + runs("s2", 2, 30.0));
    Path sessions = dir.resolve("sessions-0.csv");
    Files.writeString(sessions, "session_id,device_id,arch_index,init_ms\ns0,phone,0,1.0\n"
        + "s1a,phone,1,1.0\ns1b,phone,1,1.0\ns2,phone,2,1.0\ns3,phone,3,fast\n"); // s3's line cannot be read
    // s2x measures arch 2 again, in a batch imported without a sessions file
    Path second = dir.resolve("runs-1.csv");
    Files.writeString(second, HEADER + runs("s2x", 2, 31.0));
    Lake lake = new Lake(dir.resolve("lake").toString());
    new ImportRunsJob(lake).runs(first.toString()).sessions(sessions.toString()).devices(devices.toString())
        .run(spark);
    new ImportRunsJob(lake).runs(second.toString()).run(spark);

    PipelineJob.Result r = new PipelineJob(lake).run(spark);

    assertThat(r.count("sessions")).isEqualTo(5);
    assertThat(r.count("session_lines_unreadable")).isEqualTo(1);
    assertThat(r.count("medians")).isEqualTo(3);
    // tallied as the medians were written: the pass's, less arch 2's, and the pooled ones
    assertThat(r.count("training_set_nb201")).isEqualTo(3);
    assertThat(r.count("arch_features_nb201")).isEqualTo(3);
    Map<String, Row> medians = new HashMap<>();
    for (Row m : spark.read().parquet(lake.latencyMedians()).collectAsList()) {
      assertThat(medians.put(m.getAs("arch_id"), m)).as("one row per arch").isNull();
    }
    assertThat(medians).containsOnlyKeys("0", "1", "2");
    expect(medians.get("0"), 1, 10.04, 10.016, 10.064);
    expect(medians.get("1"), 2, 21.04, 20.023, 22.057); // median of 20.04 and 22.04; p10/p90 of the 14 runs
    expect(medians.get("2"), 2, 30.54, 30.023, 31.057); // the undescribed s2x pooled with s2
  }

  private static void expect(Row median, long sessions, double latency, double p10, double p90) {
    String arch = median.getAs("arch_id");
    assertThat(median.<Long>getAs("sessions")).as(arch).isEqualTo(sessions);
    assertThat(median.<Long>getAs("sessions_total")).as(arch).isEqualTo(sessions);
    assertThat(median.<Long>getAs("runs_used")).as(arch).isEqualTo(7 * sessions);
    assertThat(median.<Double>getAs("latency_ms")).as(arch).isCloseTo(latency, offset(1e-9));
    assertThat(median.<Double>getAs("p10_ms")).as(arch).isCloseTo(p10, offset(1e-9));
    assertThat(median.<Double>getAs("p90_ms")).as(arch).isCloseTo(p90, offset(1e-9));
    assertThat(median.<Long>getAs("outliers")).as(arch).isZero();
  }
}
