package dev.leti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/leti devices} and {@code collect} as a user runs them, with Debian's adb and no phone attached. */
class CollectIT {
  private static final String LETI = Path.of(System.getProperty("leti.home", "..")).toAbsolutePath().normalize()
      .resolve("scripts/leti").toString();

  @TempDir Path dir;

  @Test
  void devicesListsTheHostAndCollectNeedsAPhoneForAll() throws Exception {
    LauncherIT.Result devices = LauncherIT.run(Map.of(), LETI, "devices", "--threads", "1");
    assertThat(devices.exit()).as(devices.err()).isZero();
    assertThat(devices.out()).contains("\"device_id\":\"host-tflite-cpu-1t\"");
    if (devices.err().contains("no Android device attached")) {
      LauncherIT.Result all = LauncherIT.run(Map.of(), LETI, "collect", "--devices", "all", "--space", "nb201",
          "--sample", "1", "--lake", dir.resolve("lake").toString());
      assertThat(all.exit()).isEqualTo(1);
      assertThat(all.err()).contains("leti: no Android device attached (adb lists none); use --devices host");
    }
    LauncherIT.Result host = LauncherIT.run(Map.of(), LETI, "collect", "--devices", "host", "--space", "nb201",
        "--sample", "2", "--warmup", "1", "--runs", "3", "--threads", "1", "--lake", dir.resolve("lake").toString(),
        "--export-dir", dir.resolve("models").toString(), "--log", dir.resolve("log.jsonl").toString());
    assertThat(host.exit()).as(host.err()).isZero();
    assertThat(host.out()).contains("sessions_written=3 sessions_skipped=0 sessions_failed=0 runs=12");
  }
}
