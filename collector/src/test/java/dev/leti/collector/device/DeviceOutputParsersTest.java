package dev.leti.collector.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsers on captured outputs of getprop and dumpsys (test resources device-outputs/). */
class DeviceOutputParsersTest {
  static String fixture(String name) throws IOException {
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
}
