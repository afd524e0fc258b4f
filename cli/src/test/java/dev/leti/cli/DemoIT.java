package dev.leti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README command one at a small size, then a nightly run over what it left, as a user would run them. */
class DemoIT {
  private static final Path HOME = Path.of(System.getProperty("leti.home", "..")).toAbsolutePath().normalize();

  @Test
  void theDemoMeasuresTrainsAndLeavesQueriesThatWorkThenNightlyRetrains(@TempDir Path dir) throws Exception {
    String lake = dir.resolve("lake").toString();
    LauncherIT.Result demo = LauncherIT.run(Map.of(), HOME.resolve("scripts/leti").toString(), "demo",
        "--lake", lake, "--sample", "30", "--warmup", "1", "--runs", "8");
    assertThat(demo.exit()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("[collect host, 1 thread] done", "[collect host, 2 threads] done",
        "[pipeline] done", "quarantined 0", "[train nb101] done", "[transfer nb101] done", "[report] done",
        "The report is " + dir.resolve("lake/report/index.html"), "scripts/leti sql -e")
        .containsPattern("\\[promote nb101\\] done in [0-9.]+ s: 2 of 2 promoted")
        .containsPattern("host-tflite-cpu-1t +-> host-tflite-cpu-2t +common +\\d+");

    for (String query : DemoCommand.QUERIES) {
      LauncherIT.Result sql = LauncherIT.run(Map.of(), HOME.resolve("scripts/leti").toString(), "sql", "--lake",
          lake, "-e", query);
      assertThat(sql.exit()).as(query + "\n" + sql.err()).isZero();
      assertThat(sql.out()).contains("host-tflite-cpu-1t");
    }

    LauncherIT.Result nightly = LauncherIT.run(Map.of(), HOME.resolve("scripts/nightly").toString(),
        "--set", "nightly.lock_file=" + dir.resolve("nightly.lock"), "--set", "nightly.log_dir=" + dir.resolve("logs"),
        "--set", "nightly.inbox=" + dir.resolve("inbox"), "--set", "nightly.transfer=false",
        "--set", "nightly.report=false", "--set", "models.search=quick", "--lake", lake, "--run-id", "nightly-it");
    assertThat(nightly.exit()).as(nightly.err()).isZero();
    assertThat(nightly.out()).contains("[import] done", "no inbox at", "nightly nightly-it ok")
        .as("the same seed and data train the same model: not worse, so promoted")
        .containsPattern("\\[promote nb101\\] done in [0-9.]+ s: 2 of 2 promoted");
    assertThat(dir.resolve("logs/nightly-it.log")).content().contains("[train nb101] done");
  }
}
