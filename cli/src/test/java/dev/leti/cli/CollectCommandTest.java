package dev.leti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leti collect} on the host device into a temporary lake, then {@code leti pipeline} on that lake: every
 * collected run is reconciled and none is quarantined (the device, sessions and arch ids are what validation expects).
 */
class CollectCommandTest {
  @TempDir Path dir;

  private String[] collect(String lake) {
    return new String[] {"collect", "--devices", "host", "--space", "nb201", "--sample", "3", "--seed", "5",
        "--warmup", "2", "--runs", "6", "--reference-every", "2", "--threads", "1", "--lake", lake,
        "--export-dir", dir.resolve("models").toString(), "--log", dir.resolve("collect.jsonl").toString()};
  }

  @Test
  void collectedRunsGoThroughThePipelineReconciledAndARerunSkipsThem() {
    String lake = dir.resolve("lake").toString();
    LetiCommandTest.Run first = LetiCommandTest.leti(collect(lake));
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("sessions_written=5 sessions_skipped=0 sessions_failed=0 runs=40");

    LetiCommandTest.Run again = LetiCommandTest.leti(collect(lake));
    assertThat(again.out()).contains("sessions_written=0 sessions_skipped=5");

    LetiCommandTest.Run pipeline = LetiCommandTest.leti("pipeline", "--lake", lake, "--master", "local[2]");
    assertThat(pipeline.exit()).as(pipeline.err()).isZero();
    assertThat(pipeline.out()).contains("reconciled: rows_in 40 = clean ").contains("quarantined 0");
  }

  @Test
  void badDeviceSelectionsAndArgumentsAreOneLineErrors() {
    LetiCommandTest.Run injected = LetiCommandTest.leti("collect", "--devices", "host,ab;reboot", "--space", "nb201",
        "--sample", "1", "--lake", dir.toString());
    assertThat(injected.exit()).isEqualTo(1);
    assertThat(injected.err().strip()).isEqualTo(
        "leti: invalid device serial: 'ab;reboot' (expected [A-Za-z0-9][A-Za-z0-9._:-]{0,99})");

    LetiCommandTest.Run both = LetiCommandTest.leti("collect", "--devices", "host", "--space", "nb201",
        "--sample", "1", "--cells-file", "x.json");
    assertThat(both.exit()).isEqualTo(2);

    LetiCommandTest.Run campaign = LetiCommandTest.leti("collect", "--devices", "host", "--space", "nb201",
        "--sample", "1", "--campaign", "../x", "--lake", dir.toString());
    assertThat(campaign.exit()).isEqualTo(1);
    assertThat(campaign.err()).contains("invalid campaign id '../x'");
  }
}
