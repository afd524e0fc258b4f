package dev.leti.collector.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellArgsTest {
  @ParameterizedTest
  @ValueSource(strings = {"emulator-5554;reboot", "abc$(rm -rf /)", "a b", "`id`", "x'y", "serial|sh", "", "-s",
      "a\nb", "../x"})
  void serialsThatCouldCarryShellSyntaxAreRejectedNamingTheValue(String serial) {
    assertThatThrownBy(() -> ShellArgs.serial(serial)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid device serial");
  }

  @Test
  void realSerialsPass() {
    for (String s : List.of("emulator-5554", "28021FDH2001AB", "192.168.1.7:5555", "adb-R58M-abc._adb-tls-connect._tcp")) {
      assertThat(ShellArgs.serial(s)).isEqualTo(s);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/data/local/tmp/leti/../../system/x", "/data/local/tmp/leti/a;b", "/sdcard/x.tflite",
      "/data/local/tmp/leti/$(id)", "/data/local/tmp/leti/a b", "/data/local/tmp/leti/"})
  void devicePathsOutsideTheDirectoryOrWithShellSyntaxAreRejected(String path) {
    assertThatThrownBy(() -> ShellArgs.devicePath(path)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(path.isEmpty() ? "device path" : "device path");
  }

  @Test
  void archIdsMustMatchTheirSpace() {
    assertThat(ShellArgs.archId("nb101", "043721b9c7fe8c5fad811d47d83132ec")).isNotNull();
    assertThat(ShellArgs.archId("nb201", "15624")).isEqualTo("15624");
    assertThatThrownBy(() -> ShellArgs.archId("nb101", "043721b9c7fe8c5fad811d47d8313;ls"))
        .hasMessageContaining("043721b9c7fe8c5fad811d47d8313;ls");
    assertThatThrownBy(() -> ShellArgs.archId("nb201", "1 && reboot")).hasMessageContaining("1 && reboot");
    assertThatThrownBy(() -> ShellArgs.archId("nb201", "007")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShellArgs.archId("nb999", "1")).hasMessageContaining("nb999");
  }

  @Test
  void quotingKeepsAValueOneWordEvenWithQuotes() {
    assertThat(ShellArgs.quote("a b")).isEqualTo("'a b'");
    assertThat(ShellArgs.quote("it's")).isEqualTo("'it'\\''s'");
  }

  @Test
  void runnerCommandIsTheFixedTemplateWithQuotedValidatedArguments() {
    String cmd = ShellCommand.runner("/data/local/tmp/leti/leti-runner.dex.jar", "dev.leti.runner.android.AndroidRunner",
        1, List.of("model=/data/local/tmp/leti/nb201-7-fp32-s1-f1.tflite", "warmup=5", "runs=30", "backend=gpu"));
    assertThat(cmd).isEqualTo("CLASSPATH='/data/local/tmp/leti/leti-runner.dex.jar' app_process /"
        + " dev.leti.runner.android.AndroidRunner 1 'model=/data/local/tmp/leti/nb201-7-fp32-s1-f1.tflite'"
        + " 'warmup=5' 'runs=30' 'backend=gpu'");
    assertThatThrownBy(() -> ShellCommand.runner("/data/local/tmp/leti/r.jar", "X", 1, List.of("model=a;reboot")))
        .hasMessageContaining("model=a;reboot");
    assertThatThrownBy(() -> ShellCommand.runner("/data/local/tmp/leti/r.jar", "X", 1, List.of("runs=1 $(id)")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShellCommand.dumpsys("battery; reboot")).hasMessageContaining("battery; reboot");
    assertThat(ShellCommand.dumpsys("SurfaceFlinger")).as("the collector's own services pass")
        .isEqualTo("dumpsys 'SurfaceFlinger'");
    assertThat(ShellCommand.withExitStatus("getprop")).isEqualTo("getprop; echo leti-exit=$?");
    assertThat(ShellCommand.stat("/data/local/tmp/leti/m.tflite")).isEqualTo("stat -c %s '/data/local/tmp/leti/m.tflite'");
  }
}
