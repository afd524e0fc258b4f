package dev.leti.jobs;

import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Hand-made runs of one known device, "phone", imported into a fresh lake in a test's folder. */
final class PhoneRuns {
  /** The columns of {@link #session}'s lines. */
  static final String HEADER = "device_id,arch_index,session_id,run_index,warmup,latency_ms,started_at_ms\n";

  private PhoneRuns() {}

  /**
   * CSV lines (no header) of the phone's runs {@code from} … {@code to - 1} of a session of NB-201 arch {@code arch}:
   * run 0 a warm-up, run i at {@code base + i * 0.01} ms, started at 1000 + i.
   */
  static String session(String session, int arch, int from, int to, double base) {
    StringBuilder csv = new StringBuilder();
    for (int i = from; i < to; i++) {
      csv.append("phone,").append(arch).append(',').append(session).append(',').append(i).append(',')
          .append(i == 0 ? 1 : 0).append(',').append(base + i * 0.01).append(',').append(1000 + i).append('\n');
    }
    return csv.toString();
  }

  /**
   * Imports each CSV text (header included) as its own batch, from {@code runs-<i>.csv} in {@code dir}, the devices
   * file with the first; returns the lake.
   */
  static Lake imported(SparkSession spark, Path dir, String... csvTexts) throws Exception {
    Path devices = dir.resolve("devices.json");
    Files.writeString(devices, "{\"devices\": {\"phone\": {\"kind\": \"phone\"}}}");
    Lake lake = new Lake(dir.resolve("lake").toString());
    for (int i = 0; i < csvTexts.length; i++) {
      Path file = dir.resolve("runs-" + i + ".csv");
      Files.writeString(file, csvTexts[i]);
      ImportRunsJob job = new ImportRunsJob(lake).runs(file.toString());
      (i == 0 ? job.devices(devices.toString()) : job).run(spark);
    }
    return lake;
  }
}
