package dev.leti.collector.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsers on captured outputs of getprop and dumpsys (test resources device-outputs/). */
public class DeviceOutputParsersTest {
  public static String fixture(String name) throws IOException {
    try (InputStream in = DeviceOutputParsersTest.class.getResourceAsStream("/device-outputs/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void getpropReadsEveryKeyIncludingMultiLineValues() throws IOException {
    Map<String, String> p = DeviceOutputParsers.getprop(fixture("getprop-pixel.txt"));
    assertThat(p).containsEntry("ro.product.model", "Pixel 7 Pro").containsEntry("ro.build.version.sdk", "34")
        .containsEntry("persist.sys.motd", "first line\nsecond line").containsEntry("sys.boot_completed", "1");
    assertThat(p).hasSize(22);
  }

  @Test
  void androidInfoNamesTheSocFromSocPropertiesElseTheBoardPlatform() throws IOException {
    DeviceInfo pixel = DeviceOutputParsers.androidInfo("28021FDH2001AB",
        DeviceOutputParsers.getprop(fixture("getprop-pixel.txt")), Map.of());
    assertThat(pixel.deviceId()).isEqualTo("google-pixel-7-pro-api34-28021fdh2001ab");
    assertThat(pixel.soc()).isEqualTo("Google GS201");
    assertThat(pixel.osVersion()).isEqualTo("Android 14 (API 34)");
    assertThat(pixel.abi()).isEqualTo("arm64-v8a");
    assertThat(pixel.gpu()).as("no GLES line given").isNull();

    DeviceInfo s10 = DeviceOutputParsers.androidInfo("R58M12", DeviceOutputParsers.getprop(
        fixture("getprop-old-snapdragon.txt")), DeviceOutputParsers.gles(fixture("surfaceflinger-adreno.txt")));
    assertThat(s10.soc()).isEqualTo("msmnile");
    assertThat(s10.gpu()).isEqualTo("Adreno (TM) 640");
    assertThat(s10.driverVersion()).startsWith("OpenGL ES 3.2 V@415.0");
    assertThat(s10.manufacturer()).isEqualTo("samsung");
    assertThat(s10.properties()).containsEntry("gles.vendor", "Qualcomm").containsKey("ro.board.platform");
    assertThat(s10.row("collector c")).hasSize(dev.leti.lake.RawTable.DEVICES.columns().size());
  }

  @Test
  void batteryTemperatureIsInTenthsOfADegree() throws IOException {
    assertThat(DeviceOutputParsers.batteryTemperatureC(fixture("battery.txt"))).isEqualTo(31.2);
    assertThat(DeviceOutputParsers.batteryTemperatureC("Current Battery Service state:\n")).isNull();
  }

  @Test
  void thermalServiceGivesStatusAndHottestSensorIgnoringSentinels() throws IOException {
    ThermalReading r = DeviceOutputParsers.thermalService(fixture("thermalservice.txt"));
    assertThat(r.thermalStatus()).isEqualTo(1);
    assertThat(r.temperatureC()).isEqualTo(46.2);
    assertThat(DeviceOutputParsers.combine(31.2, r).temperatureC()).isEqualTo(46.2);
    assertThat(DeviceOutputParsers.combine(50.0, ThermalReading.UNKNOWN).temperatureC()).isEqualTo(50.0);
  }

  // The clock outputs are in the format `grep -H . <files>` prints for the sysfs files of ShellCommand.clocks()
  // (one integer per file); written for these tests from the kernels' documented files, not captured on a phone.

  @Test
  void clocksOfAnAdrenoPhoneTakeKgslGpuclkInHzAndTheFastestCpuInKhz() throws IOException {
    ClockReading c = DeviceOutputParsers.clocks(fixture("clocks-adreno.txt"));
    assertThat(c.gpuMhz()).as("585000000 Hz").isEqualTo(585.0);
    assertThat(c.cpuMhz()).as("cpu7's 2841600 kHz, not cpu0's").isEqualTo(2841.6);
    assertThat(c.forBackend("gpu-opencl")).isEqualTo(585.0);
    assertThat(c.forBackend("cpu")).isEqualTo(2841.6);
  }

  @Test
  void clocksOfAMaliPhoneComeFromTheGpuDevfreqNotTheMemoryBus() throws IOException {
    ClockReading c = DeviceOutputParsers.clocks(fixture("clocks-mali.txt"));
    assertThat(c.gpuMhz()).as("1c500000.mali, not devfreq_mif").isEqualTo(848.0);
    assertThat(c.cpuMhz()).isEqualTo(2802.0);
    // Exynos' gpu_clock alone (MHz) when no devfreq is readable
    assertThat(DeviceOutputParsers.clocks("/sys/kernel/gpu/gpu_clock:702\n").gpuMhz()).isEqualTo(702.0);
  }

  @Test
  void aGpuClockTheDeviceDeniesIsNullAndNothingReadableIsUnknown() throws IOException {
    ClockReading c = DeviceOutputParsers.clocks(fixture("clocks-gpu-denied.txt"));
    assertThat(c.gpuMhz()).isNull();
    assertThat(c.cpuMhz()).isEqualTo(1708.8);
    assertThat(c.forBackend("gpu-opengl")).as("a GPU session without a GPU clock records none").isNull();
    assertThat(DeviceOutputParsers.clocks("")).isEqualTo(ClockReading.UNKNOWN);
    assertThat(DeviceOutputParsers.clocks("grep: /sys/class/kgsl/kgsl-3d0/gpuclk: Permission denied\n"))
        .isEqualTo(ClockReading.UNKNOWN);
    assertThat(DeviceOutputParsers.clocks("/sys/class/kgsl/kgsl-3d0/gpuclk:0\n").gpuMhz())
        .as("a gated clock is no frequency").isNull();
  }

  @Test
  void theHostsCpuMhzIsTheFastestProcessorsOfProcCpuinfo() throws IOException {
    String captured = fixture("cpuinfo-host-xeon.txt"); // this machine's /proc/cpuinfo (2 vCPUs, no cpufreq)
    assertThat(CpuInfo.maxMhz(captured)).isEqualTo(2596.134);
    assertThat(CpuInfo.maxMhz(captured.replaceFirst("2596.134", "3400.000"))).isEqualTo(3400.0);
    assertThat(CpuInfo.maxMhz("processor\t: 0\nBogoMIPS\t: 38.40\n")).as("ARM kernels print none").isNull();
    assertThatThrownBy(() -> CpuInfo.maxMhz("cpu MHz\t\t: fast\n")).hasMessageContaining("'cpu MHz\t\t: fast'");
  }

  @Test
  void theClockCommandIsOneFixedTemplateOverSysfsFilesOnly() {
    assertThat(ShellCommand.clocks()).startsWith("grep -H . /sys/").endsWith(" 2>/dev/null")
        .doesNotContain(";").doesNotContain("$").doesNotContain("`").doesNotContain("|");
    assertThat(ShellCommand.CLOCK_FILES).allSatisfy(f -> assertThat(f).startsWith("/sys/"));
  }
}
