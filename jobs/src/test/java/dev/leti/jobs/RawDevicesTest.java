package dev.leti.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.lake.RawSchemas;
import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.jobs.pipeline.RawInputs;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest description of each device: the later batch wins, a device described once keeps its description. */
class RawDevicesTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void theLaterBatchDescribesADevice(@TempDir Path dir) throws Exception {
    Lake lake = new Lake(dir.resolve("lake").toString());
    importBatch(dir, lake, 0, "{\"devices\": {\"phone\": {\"kind\": \"phone\", \"name\": \"old\"},"
        + " \"tablet\": {\"kind\": \"tablet\", \"name\": \"only\"}}}");
    importBatch(dir, lake, 1, "{\"devices\": {\"phone\": {\"kind\": \"phone\", \"name\": \"new\"}}}");

    RawInputs raw = new RawInputs(spark, lake);
    List<Row> rows = raw.devices().collectAsList();

    Map<String, Row> byId = new HashMap<>();
    rows.forEach(r -> assertThat(byId.put(r.getAs("device_id"), r)).as("one row per device").isNull());
    assertThat(byId).containsOnlyKeys("phone", "tablet");
    assertThat(byId.get("phone").<String>getAs("name")).isEqualTo("new");
    assertThat(byId.get("phone").<Integer>getAs("batch_seq")).isEqualTo(1);
    assertThat(byId.get("phone").<String>getAs("batch_id")).isEqualTo(raw.batchIds().get(1));
    assertThat(byId.get("tablet").<String>getAs("name")).isEqualTo("only");
    assertThat(byId.get("tablet").<Integer>getAs("batch_seq")).isZero();
    // the columns of the committed raw table: batch_id, the device's, batch_seq
    List<String> columns = new java.util.ArrayList<>(List.of("batch_id"));
    columns.addAll(List.of(RawSchemas.DEVICES.fieldNames()));
    columns.add("batch_seq");
    assertThat(raw.devices().columns()).containsExactlyElementsOf(columns);
  }

  private void importBatch(Path dir, Lake lake, int n, String devicesJson) throws Exception {
    Path devices = dir.resolve("devices-" + n + ".json");
    Files.writeString(devices, devicesJson);
    Path runs = dir.resolve("runs-" + n + ".csv");
    Files.writeString(runs, PhoneRuns.HEADER + PhoneRuns.session("s" + n, n, 0, 3, 10.0));
    new ImportRunsJob(lake).runs(runs.toString()).devices(devices.toString()).run(spark);
  }
}
