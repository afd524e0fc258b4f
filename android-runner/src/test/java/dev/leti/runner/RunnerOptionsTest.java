package dev.leti.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerOptionsTest {
  @TempDir Path dir;

  private String model() throws Exception {
    Path m = dir.resolve("m.tflite");
    Files.write(m, new byte[16]);
    return "model=" + m;
  }

  @Test
  void defaultsAndValues() throws Exception {
    RunnerOptions d = RunnerOptions.parse(new String[] {"1", model()}, "gpu");
    assertThat(d.warmup()).isEqualTo(5);
    assertThat(d.runs()).isEqualTo(30);
    assertThat(d.pauseMs()).isZero();
    assertThat(d.backend()).isEqualTo("gpu");
    assertThat(d.gpuBackend()).isEqualTo("auto");
    assertThat(d.gpuFp16()).isTrue();
    assertThat(d.cpuFallback()).isTrue();
    assertThat(d.libDir()).isNull();
    RunnerOptions o = RunnerOptions.parse(new String[] {"1", model(), "warmup=0", "runs=3", "pause_ms=20",
        "backend=XNNPACK", "threads=2", "gpu_backend=opengl", "gpu_fp16=false", "cpu_fallback=false",
        "lib_dir=/data/local/tmp/leti"}, "gpu");
    assertThat(o.warmup()).isZero();
    assertThat(o.runs()).isEqualTo(3);
    assertThat(o.pauseMs()).isEqualTo(20);
    assertThat(o.backend()).isEqualTo("xnnpack");
    assertThat(o.threads()).isEqualTo(2);
    assertThat(o.gpuBackend()).isEqualTo("opengl");
    assertThat(o.gpuFp16()).isFalse();
    assertThat(o.cpuFallback()).isFalse();
    assertThat(o.libDir()).isEqualTo("/data/local/tmp/leti");
    assertThat(o.warnings()).isEmpty();
  }

  @Test
  void theFirstArgumentMustBeThisProtocolVersion() throws Exception {
    assertThatThrownBy(() -> RunnerOptions.parse(new String[0], "cpu")).isInstanceOf(UsageException.class)
        .hasMessageContaining("protocol version 1");
    assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"0", model()}, "cpu"))
        .hasMessage("protocol version mismatch: the caller speaks '0', this runner 1");
    assertThatThrownBy(() -> RunnerOptions.parse(new String[] {model()}, "cpu"))
        .hasMessageContaining("mismatch");
  }

  @Test
  void errorsNameTheKeyAndTheBadValue() throws Exception {
    String model = model();
    assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"1", model, "runs=0"}, "cpu"))
        .hasMessage("runs must be an integer >= 1, got '0'");
    assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"1", model, "warmup=five"}, "cpu"))
        .hasMessage("warmup must be an integer >= 0, got 'five'");
    assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"1", model, "backend=npu"}, "cpu"))
        .hasMessage("backend must be one of gpu, cpu, xnnpack, got 'npu'");
    assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"1", model, "gpu_fp16=yes"}, "cpu"))
        .hasMessage("gpu_fp16 must be true or false, got 'yes'");
    assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"1", model, "runs"}, "cpu"))
        .hasMessage("arguments are key=value, got 'runs'");
    assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"1", "runs=3"}, "cpu"))
        .hasMessageContaining("missing model=");
    assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"1", "model=/nonexistent/m.tflite"}, "cpu"))
        .hasMessage("model=/nonexistent/m.tflite: no such file");
  }

  @Test
  void unknownKeysAreOnlyWarnings() throws Exception {
    RunnerOptions o = RunnerOptions.parse(new String[] {"1", model(), "color=blue"}, "cpu");
    assertThat(o.warnings()).containsExactly("unknown option 'color' ignored");
  }
}
