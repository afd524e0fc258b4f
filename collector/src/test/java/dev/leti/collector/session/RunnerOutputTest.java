package dev.leti.collector.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunnerOutputTest {
  static final String HEADER = "{\"type\":\"header\",\"protocol\":1,\"runtime\":\"tflite\",\"runtime_version\":\"2.14.0\","
      + "\"device\":\"google-pixel-7-api34\",\"requested_backend\":\"gpu\",\"backend\":\"gpu-opencl\",\"threads\":4,"
      + "\"init_ns\":120000000,\"first_inference_ns\":9000000,\"warmup\":1,\"runs\":2,\"pause_ms\":0}";

  static String run(int i, boolean warm) {
    return "{\"type\":\"run\",\"index\":" + i + ",\"warmup\":" + warm + ",\"latency_ns\":" + (3_000_000 + i)
        + ",\"start_ns\":" + i * 4_000_000 + ",\"started_at_ms\":" + (1_700_000_000_000L + i * 4) + "}";
  }

  static final String TRAILER = "{\"type\":\"trailer\",\"status\":\"ok\",\"warmup\":1,\"runs\":2,\"wall_ns\":12000000,"
      + "\"latency_sum_ns\":9000003}";

  @Test
  void aCompleteOutputHasNoProblemAndKeepsEveryRun() {
    RunnerOutput o = new RunnerOutput();
    for (String l : new String[] {"WARNING: linker: app_process has text relocations", HEADER, run(0, true),
        run(1, false), run(2, false), TRAILER}) {
      o.line(l);
    }
    assertThat(o.problem()).isNull();
    assertThat(o.header().backend()).isEqualTo("gpu-opencl");
    assertThat(o.runs()).extracting(RunnerOutput.Run::warmup).containsExactly(true, false, false);
    assertThat(o.runs().get(2).latencyNs()).isEqualTo(3_000_002);
  }

  @Test
  void aCutStreamAGarbledLineOrAnErrorLineIsAProblem() {
    RunnerOutput cut = new RunnerOutput();
    cut.line(HEADER);
    cut.line(run(0, true));
    assertThat(cut.problem()).contains("stopped after 1 of 3 runs");

    RunnerOutput garbled = new RunnerOutput();
    garbled.line(HEADER);
    garbled.line("{\"type\":\"run\",\"index\":0,\"lat");
    assertThat(garbled.problem()).startsWith("unreadable runner line");

    RunnerOutput error = new RunnerOutput();
    error.line("{\"type\":\"error\",\"stage\":\"init\",\"message\":\"no GPU\",\"exception\":\"java.lang.IllegalStateException\"}");
    assertThat(error.problem()).isEqualTo("runner init failed: no GPU (java.lang.IllegalStateException)");

    RunnerOutput skipped = new RunnerOutput();
    skipped.line(HEADER);
    skipped.line(run(1, true));
    assertThat(skipped.problem()).contains("out of order");

    RunnerOutput otherProtocol = new RunnerOutput();
    otherProtocol.line(HEADER.replace("\"protocol\":1", "\"protocol\":2"));
    assertThat(otherProtocol.problem()).contains("protocol 2");
  }
}
