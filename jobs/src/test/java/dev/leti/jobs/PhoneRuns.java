package dev.leti.jobs;

import dev.leti.jobs.pipeline.ImportRunsJob;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Hand-made runs of one known device, "phone", imported into a fresh lake in a test's folder. */
final class PhoneRuns {
  private PhoneRuns() {}

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
