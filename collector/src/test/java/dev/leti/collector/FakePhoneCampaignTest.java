package dev.leti.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leti.collector.campaign.CampaignPlan;
import dev.leti.collector.campaign.CampaignRunner;
import dev.leti.collector.device.AdbBridge;
import dev.leti.collector.device.DeviceException;
import dev.leti.collector.device.DeviceOutputParsersTest;
import dev.leti.collector.device.fakeadb.FakeAdbd;
import dev.leti.collector.device.fakeadb.FakePhone;
import dev.leti.features.export.ExportCache;
import dev.leti.features.export.ExportOptions;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phone path end to end without a phone: a test-only adbd ({@link FakeAdbd}) on a loopback port is attached to
 * Debian's real adb server with {@code adb connect}, and the collector drives it through real ddmlib: metadata
 * (getprop, dumpsys, sysfs clocks, canned from phone outputs), pushes through the sync service, the runner
 * command (which the fake answers by running the host runner on the pushed model, so real timings stream back
 * through adb) and the sessions committed to a temporary lake. Skipped without the adb package.
 */
class FakePhoneCampaignTest {
  @TempDir Path dir;
  private String adb;
  private boolean serverWasRunning;
  private FakeAdbd adbd;
  private String serial;
  private FakePhone phone;

  @BeforeEach
  void attachTheFakePhone() throws Exception {
    adb = adbPath();
    serverWasRunning = AdbBridge.serverListening();
    if (!serverWasRunning) {
      assertThat(run(adb, "start-server")).isNotNull();
    }
    phone = new FakePhone(dir.resolve("phone"), cannedCommands(), sysfs(),
        Map.of("ro.product.name", "cheetah", "ro.product.model", "Pixel_7_Pro", "ro.product.device", "cheetah"));
    adbd = new FakeAdbd(phone);
    serial = "127.0.0.1:" + adbd.port();
    assertThat(run(adb, "connect", serial)).contains("connected to " + serial);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String state = "";
    while (!state.equals("device") && System.nanoTime() < deadline) {
      state = run(adb, "-s", serial, "get-state").trim();
      Thread.sleep(100);
    }
    assertThat(state).as("adb sees the fake phone online").isEqualTo("device");
  }

  @AfterEach
  void detachAndLeaveTheServerAsFound() throws Exception {
    if (serial != null) {
      run(adb, "disconnect", serial);
    }
    if (adbd != null) {
      adbd.close();
    }
    if (!serverWasRunning) {
      run(adb, "kill-server"); // the test started it
    }
  }

  @Test
  void aCampaignOnThePhonePathPushesRunsStreamsAndCommitsThroughRealAdb() throws Exception {
    Collector.PhoneRunner runner = phoneRunnerFiles();
    List<ArchRef> archs = WorkList.sample("nb201", 2, 11);
    CampaignRunner.Result first = Collector.collect(request(plan(archs), runner),
        new PrintStream(PrintStream.nullOutputStream()), false);
    assertThat(first.summary()).as(log()).contains("sessions_written=2").contains("sessions_failed=0").contains("runs=12");

    LakeContents lake = new LakeContents(new Lake(dir.resolve("lake").toString()));
    String deviceId = "google-pixel-7-pro-api34-127.0.0.1-" + adbd.port();
    assertThat(lake.devices).singleElement().satisfies(d -> assertThat(d)
        .containsEntry(Columns.DEVICE_ID, deviceId).containsEntry("kind", "android")
        .containsEntry("model", "Pixel 7 Pro").containsEntry("gpu", "Adreno (TM) 640"));
    assertThat(lake.sessions).hasSize(2).allSatisfy(s -> assertThat(s).containsEntry(Columns.STATUS, "ok")
        .containsEntry(Columns.DEVICE_ID, deviceId).containsEntry(Columns.BACKEND, "cpu"));
    assertThat(lake.runs).hasSize(12).allSatisfy(r -> assertThat(r)
        .containsEntry(Columns.TEMPERATURE_C, "46.2") // the hottest of dumpsys battery and thermalservice
        .containsEntry(Columns.CLOCK_MHZ, "2841.6")); // a cpu session: the fastest CPU's scaling_cur_freq
    assertThat(lake.runs).allSatisfy(r -> assertThat(Double.parseDouble((String) r.get(Columns.LATENCY_MS)))
        .as("a real inference time, streamed through adb").isPositive());

    // the runner files and each model were pushed once, byte for byte
    ExportCache exports = new ExportCache(dir.resolve("models"));
    for (ArchRef a : archs) {
      Path model = exports.file(a.space(), a.id(), ExportOptions.DEFAULT);
      assertThat(phone.local("/data/local/tmp/leti/" + model.getFileName())).hasSameBinaryContentAs(model);
    }
    for (Path f : runner.files()) {
      assertThat(phone.local("/data/local/tmp/leti/" + f.getFileName())).hasSameBinaryContentAs(f);
    }
    assertThat(phone.pushes()).hasSize(3 + 2);

    // a campaign with one more arch: nothing the phone has is pushed again, only the new model
    List<ArchRef> more = new java.util.ArrayList<>(archs);
    more.add(WorkList.sample("nb201", 3, 12).stream().filter(a -> !archs.contains(a)).findFirst().orElseThrow());
    CampaignRunner.Result second = Collector.collect(request(plan(more), runner),
        new PrintStream(PrintStream.nullOutputStream()), false);
    assertThat(second.written()).isEqualTo(3);
    assertThat(phone.pushes()).hasSize(3 + 2 + 1);
    assertThat(phone.pushes().get(5)).contains(more.get(2).id());

    // every command the collector sent is one of its templates, all understood by the phone's shell
    assertThat(phone.shellCommands()).contains("getprop", "dumpsys 'SurfaceFlinger'", "dumpsys 'battery'",
        "dumpsys 'thermalservice'", "mkdir -p '/data/local/tmp/leti'")
        .anyMatch(c -> c.startsWith("grep -H . /sys/class/kgsl/kgsl-3d0/gpuclk"))
        .anyMatch(c -> c.startsWith("CLASSPATH='/data/local/tmp/leti/leti-runner.dex.jar' app_process / "));
  }

  private String log() throws IOException {
    Path log = dir.resolve("collect.jsonl");
    return Files.exists(log) ? Files.readString(log) : "no log";
  }

  private Collector.Request request(CampaignPlan plan, Collector.PhoneRunner runner) {
    return new Collector.Request(DeviceSelection.parse(serial), plan, new Lake(dir.resolve("lake").toString()),
        dir.resolve("models"), null, Duration.ZERO, dir.resolve("collect.jsonl"), 1, runner);
  }

  private static CampaignPlan plan(List<ArchRef> archs) {
    return new CampaignPlan(null, archs, 2, 4, null, null, 0, Duration.ofMinutes(2));
  }

  /** Stand-ins for the dex jar and its native libraries: what matters here is that they are pushed intact. */
  private Collector.PhoneRunner phoneRunnerFiles() throws IOException {
    Path d = Files.createDirectories(dir.resolve("runner"));
    Path jar = Files.write(d.resolve("leti-runner.dex.jar"), "dex jar stand-in".getBytes(StandardCharsets.UTF_8));
    byte[] big = new byte[200_000]; // more than one 64k sync DATA chunk
    new java.util.Random(3).nextBytes(big);
    Path lib1 = Files.write(d.resolve("libtensorflowlite_jni.so"), big);
    Path lib2 = Files.write(d.resolve("libtensorflowlite_gpu_jni.so"), "gpu".getBytes(StandardCharsets.UTF_8));
    return new Collector.PhoneRunner(jar, List.of(lib1, lib2));
  }

  private static Map<String, String> cannedCommands() throws IOException {
    return Map.of("getprop", DeviceOutputParsersTest.fixture("getprop-pixel.txt"),
        "dumpsys 'SurfaceFlinger'", DeviceOutputParsersTest.fixture("surfaceflinger-adreno.txt"),
        "dumpsys 'battery'", DeviceOutputParsersTest.fixture("battery.txt"),
        "dumpsys 'thermalservice'", DeviceOutputParsersTest.fixture("thermalservice.txt"));
  }

  /** The sysfs files of the Adreno clock fixture ({@code path:value} lines). */
  private static Map<String, String> sysfs() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (String line : DeviceOutputParsersTest.fixture("clocks-adreno.txt").split("\n")) {
      int colon = line.lastIndexOf(':');
      files.put(line.substring(0, colon), line.substring(colon + 1));
    }
    return files;
  }

  private static String adbPath() {
    try {
      return AdbBridge.findAdb();
    } catch (DeviceException e) {
      assumeTrue(false, "needs Debian's adb package (.ci/run installs it): " + e.getMessage());
      return null;
    }
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return out;
  }
}
