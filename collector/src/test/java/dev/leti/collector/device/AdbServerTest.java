package dev.leti.collector.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leti.collector.Collector;
import dev.leti.collector.DeviceSelection;
import dev.leti.collector.WorkList;
import dev.leti.collector.campaign.CampaignPlan;
import dev.leti.lake.Lake;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery through ddmlib and Debian's real adb server, with no phone attached (checked, else skipped). The
 * server is left as found: running if it was, stopped if the test started it.
 */
class AdbServerTest {
  @TempDir Path dir;
  private boolean wasRunning;

  @BeforeEach
  void adbIsInstalled() throws Exception {
    try {
      AdbBridge.findAdb();
    } catch (DeviceException e) {
      assumeTrue(false, "needs Debian's adb package (.ci/run installs it): " + e.getMessage());
    }
    wasRunning = AdbBridge.serverListening();
  }

  @AfterEach
  void serverLeftAsFound() {
    assertThat(AdbBridge.serverListening()).as("adb server state restored").isEqualTo(wasRunning);
  }

  private Collector.Request request(String devices) {
    var archs = WorkList.sample("nb201", 1, 1);
    return new Collector.Request(DeviceSelection.parse(devices),
        new CampaignPlan(null, archs, 1, 1, null, null, 0, Duration.ofMinutes(1)),
        new Lake(dir.resolve("lake").toString()), dir.resolve("models"), null, Duration.ZERO, dir.resolve("log.jsonl"),
        1, Collector.PhoneRunner.under(dir));
  }

  @Test
  void withNoPhoneAttachedDiscoveryListsNoneAndCollectSaysSo() throws Exception {
    var devices = Collector.listDevices(false, 1);
    assumeTrue(devices.isEmpty(), "a phone is attached: this test is for a machine without one");
    assertThatThrownBy(() -> Collector.collect(request("all"), new PrintStream(PrintStream.nullOutputStream()), false))
        .isInstanceOf(Collector.CollectorException.class)
        .hasMessage("no Android device attached (adb lists none); use --devices host to measure on this machine");
  }

  @Test
  void aSerialThatIsNotAttachedIsAClearError() {
    assertThatThrownBy(() -> Collector.collect(request("0123456789ABCDEF"), new PrintStream(PrintStream.nullOutputStream()),
        false)).isInstanceOf(Collector.CollectorException.class)
        .hasMessageStartingWith("no attached device has serial '0123456789ABCDEF' (attached: ");
  }

  @Test
  void aSerialWithShellSyntaxIsRejectedBeforeAdbIsAsked() {
    assertThatThrownBy(() -> DeviceSelection.parse("host,emulator-5554;reboot"))
        .hasMessageContaining("'emulator-5554;reboot'");
  }
}
