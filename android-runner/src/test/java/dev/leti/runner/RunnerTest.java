package dev.leti.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leti.features.export.ExportOptions;
import dev.leti.features.export.TfliteExporter;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.features.nb201.Nb201Network;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop and the protocol with a backend whose behaviour the test decides (the real runtime is exercised in
 * host-runner): line order and counts, pause, and where a failure is reported.
 */
class RunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static String model;

  @BeforeAll
  static void export() throws Exception {
    Path file = dir.resolve("m.tflite");
    TfliteExporter.write(Nb201Network.build(Nb201Index.arch(0), 10, 32, 2), ExportOptions.DEFAULT, file);
    model = "model=" + file;
  }

  /** A backend whose inference sleeps a little, and that can fail on open or on the n-th inference. */
  static final class ScriptedBackend implements Backend {
    final boolean failOpen;
    final int failAt;
    int inferences;
    boolean closed;

    ScriptedBackend(boolean failOpen, int failAt) {
      this.failOpen = failOpen;
      this.failAt = failAt;
    }

    @Override
    public String defaultBackend() {
      return "cpu";
    }

    @Override
    public Session open(RunnerOptions options, TfliteModelFile file) {
      if (failOpen) {
        throw new IllegalStateException("delegate refused the model");
      }
      SessionInfo info = new SessionInfo("scripted", "0", "test-device", "cpu", null, options.threads(),
          file.operators(), 0);
      return new InterpreterSession(new IoBuffers(16, 4), (in, out) -> {
        if (++inferences == failAt) {
          throw new IllegalStateException("inference " + inferences + " failed");
        }
        Thread.sleep(1);
      }, info, () -> closed = true);
    }
  }

  record Output(int status, List<JsonNode> lines, String err) {}

  static Output run(Backend backend, String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Runner.run(backend, args, new PrintWriter(out), new PrintWriter(err), false);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return new Output(status, lines, err.toString());
  }

  @Test
  void headerThenWarmupAndMeasuredRunsThenTrailer() throws Exception {
    ScriptedBackend backend = new ScriptedBackend(false, -1);
    Output o = run(backend, "1", model, "warmup=2", "runs=4", "pause_ms=5", "threads=3");
    assertThat(o.status()).isZero();
    assertThat(o.lines()).extracting(l -> l.get(RunnerProtocol.TYPE).asText())
        .containsExactly("header", "run", "run", "run", "run", "run", "run", "trailer");
    JsonNode header = o.lines().get(0);
    assertThat(header.get(RunnerProtocol.THREADS).asInt()).isEqualTo(3);
    assertThat(header.get(RunnerProtocol.DEVICE).asText()).isEqualTo("test-device");
    assertThat(header.get(RunnerProtocol.PAUSE_MS).asInt()).isEqualTo(5);
    assertThat(header.get(RunnerProtocol.FIRST_INFERENCE_NS).asLong()).isGreaterThanOrEqualTo(1_000_000);
    assertThat(header.has(RunnerProtocol.FALLBACK_REASON)).isFalse();
    assertThat(backend.inferences).as("first inference + 2 warm-up + 4 runs").isEqualTo(7);
    assertThat(backend.closed).isTrue();
    for (int i = 0; i < 6; i++) {
      JsonNode run = o.lines().get(1 + i);
      assertThat(run.get(RunnerProtocol.INDEX).asInt()).isEqualTo(i);
      assertThat(run.get(RunnerProtocol.WARMUP).asBoolean()).isEqualTo(i < 2);
      assertThat(run.get(RunnerProtocol.LATENCY_NS).asLong()).isGreaterThanOrEqualTo(1_000_000);
      if (i > 0) {
        long gap = run.get(RunnerProtocol.START_NS).asLong() - o.lines().get(i).get(RunnerProtocol.START_NS).asLong();
        assertThat(gap).as("pause of 5 ms between runs").isGreaterThanOrEqualTo(6_000_000);
      }
    }
    JsonNode trailer = o.lines().get(7);
    assertThat(trailer.get(RunnerProtocol.STATUS).asText()).isEqualTo(RunnerProtocol.STATUS_OK);
    assertThat(trailer.get(RunnerProtocol.RUNS).asInt()).isEqualTo(4);
    assertThat(trailer.get(RunnerProtocol.WARMUP).asInt()).isEqualTo(2);
  }

  @Test
  void aFailureDuringOpenOrInferenceEndsWithOneErrorLineNamingTheStage() throws Exception {
    Output open = run(new ScriptedBackend(true, -1), "1", model);
    assertThat(open.status()).isEqualTo(RunnerProtocol.EXIT_FAILURE);
    assertThat(open.lines()).hasSize(1);
    assertThat(open.lines().get(0).get(RunnerProtocol.TYPE).asText()).isEqualTo(RunnerProtocol.ERROR);
    assertThat(open.lines().get(0).get(RunnerProtocol.STAGE).asText()).isEqualTo(RunnerProtocol.STAGE_INIT);
    assertThat(open.lines().get(0).get(RunnerProtocol.MESSAGE).asText()).isEqualTo("delegate refused the model");
    assertThat(open.err().strip()).isEqualTo("leti-runner: init failed: delegate refused the model");

    ScriptedBackend failing = new ScriptedBackend(false, 4);
    Output mid = run(failing, "1", model, "warmup=1", "runs=5");
    assertThat(mid.status()).isEqualTo(RunnerProtocol.EXIT_FAILURE);
    assertThat(mid.lines()).extracting(l -> l.get(RunnerProtocol.TYPE).asText())
        .containsExactly("header", "run", "run", "error");
    assertThat(mid.lines().get(3).get(RunnerProtocol.STAGE).asText()).isEqualTo(RunnerProtocol.STAGE_INFERENCE);
    assertThat(failing.closed).as("the session is closed after a failure too").isTrue();
  }

  @Test
  void usageErrorsExitWithTwoAndUnknownKeysWarnOnStderr() throws Exception {
    Output bad = run(new ScriptedBackend(false, -1), "1", model, "runs=-1");
    assertThat(bad.status()).isEqualTo(RunnerProtocol.EXIT_USAGE);
    assertThat(bad.lines().get(0).get(RunnerProtocol.STAGE).asText()).isEqualTo(RunnerProtocol.STAGE_ARGUMENTS);
    Output unknown = run(new ScriptedBackend(false, -1), "1", model, "runs=1", "warmup=0", "flavour=mint");
    assertThat(unknown.status()).isZero();
    assertThat(unknown.err()).contains("leti-runner: warning: unknown option 'flavour' ignored");
  }

  @Test
  void delegatedNodesFromThePlanLength() {
    assertThat(ExecutionPlan.delegatedNodes(50, 1, true)).as("fully delegated").isEqualTo(50);
    assertThat(ExecutionPlan.delegatedNodes(50, 5, true)).as("4 ops left on the CPU").isEqualTo(46);
    assertThat(ExecutionPlan.delegatedNodes(50, 50, true)).as("delegate took nothing").isZero();
    assertThat(ExecutionPlan.delegatedNodes(50, 50, false)).isZero();
    assertThat(ExecutionPlan.delegatedNodes(50, -1, true)).as("unknown plan").isEqualTo(-1);
  }
}
