package dev.leti.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leti.features.export.ExportOptions;
import dev.leti.features.export.TfliteExporter;
import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101Network;
import dev.leti.features.net.LayerKind;
import dev.leti.features.net.Network;
import dev.leti.runner.Runner;
import dev.leti.runner.RunnerProtocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's protocol end to end on a real runtime: DJL's TFLite on this machine, exported models. */
class HostRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Nb101Cell CELL = Nb101Cell.of(new int[][] {
      {0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}},
      List.of("input", "conv3x3-bn-relu", "maxpool3x3", "output"));

  @TempDir static Path dir;
  static Path model;
  static int modelOps;

  @BeforeAll
  static void export() throws Exception {
    Network net = Nb101Network.build(CELL, 16);
    model = dir.resolve("small.tflite");
    TfliteExporter.write(net, ExportOptions.DEFAULT, model);
    modelOps = (int) net.layers().stream().filter(l -> l.kind() != LayerKind.INPUT).count();
  }

  /** Exit status, the JSON lines on stdout, and stderr. */
  record Result(int status, List<JsonNode> lines, String err) {
    JsonNode last() {
      return lines.get(lines.size() - 1);
    }
  }

  static Result run(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Runner.run(new HostTfliteBackend(), args, new PrintWriter(out), new PrintWriter(err), false);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return new Result(status, lines, err.toString());
  }

  @Test
  void printsAHeaderOneLinePerInferenceAndATrailer() throws Exception {
    Result r = run("1", "model=" + model, "warmup=3", "runs=7", "threads=2");
    assertThat(r.status()).isZero();
    assertThat(r.lines()).hasSize(1 + 10 + 1);
    JsonNode header = r.lines().get(0);
    assertThat(header.get("type").asText()).isEqualTo("header");
    assertThat(header.get("protocol").asInt()).isEqualTo(RunnerProtocol.VERSION);
    assertThat(header.get("runtime").asText()).isEqualTo("tflite");
    assertThat(header.get("runtime_version").asText()).as("the native DJL unpacks").startsWith("2.6");
    assertThat(header.get("device").asText()).isEqualTo("host-tflite-cpu-2t");
    assertThat(header.get("backend").asText()).isEqualTo("cpu");
    assertThat(header.get("model_ops").asInt()).isEqualTo(modelOps);
    assertThat(header.get("execution_plan").asInt()).as("no delegate: one node per op").isEqualTo(modelOps);
    assertThat(header.get("delegated_nodes").asInt()).isZero();
    assertThat(header.get("model_bytes").asLong()).isEqualTo(Files.size(model));
    assertThat(header.get("init_ns").asLong()).isPositive();
    assertThat(header.get("first_inference_ns").asLong()).isPositive();
    long previousStart = -1;
    for (int i = 0; i < 10; i++) {
      JsonNode run = r.lines().get(1 + i);
      assertThat(run.get("type").asText()).isEqualTo("run");
      assertThat(run.get("index").asInt()).isEqualTo(i);
      assertThat(run.get("warmup").asBoolean()).isEqualTo(i < 3);
      assertThat(run.get("latency_ns").asLong()).isPositive();
      assertThat(run.get("start_ns").asLong()).as("monotonic starts").isGreaterThan(previousStart);
      assertThat(run.get("started_at_ms").asLong()).isGreaterThan(1_600_000_000_000L);
      previousStart = run.get("start_ns").asLong();
    }
    JsonNode trailer = r.last();
    assertThat(trailer.get("type").asText()).isEqualTo("trailer");
    assertThat(trailer.get("status").asText()).isEqualTo("ok");
    long sum = r.lines().subList(1, 11).stream().mapToLong(l -> l.get("latency_ns").asLong()).sum();
    assertThat(trailer.get("latency_sum_ns").asLong()).isEqualTo(sum);
    assertThat(trailer.get("wall_ns").asLong()).isGreaterThanOrEqualTo(sum);
  }

  @Test
  void xnnpackRunsTooAndReportsItself() throws Exception {
    Result r = run("1", "model=" + model, "warmup=0", "runs=2", "backend=xnnpack", "threads=1");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.lines().get(0).get("backend").asText()).isEqualTo("xnnpack");
    assertThat(r.lines().get(0).get("device").asText()).isEqualTo("host-tflite-xnnpack-1t");
    assertThat(r.lines()).hasSize(4);
  }

  @Test
  void aCorruptModelIsOneErrorLineAndExitStatusOne() throws Exception {
    byte[] bytes = Files.readAllBytes(model);
    Path truncated = dir.resolve("truncated.tflite");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3));
    Path garbage = dir.resolve("garbage.tflite");
    byte[] noise = new byte[4096];
    new java.util.Random(1).nextBytes(noise);
    Files.write(garbage, noise);
    Path scrambled = dir.resolve("scrambled.tflite");
    byte[] copy = bytes.clone();
    for (int i = 8; i < 200; i++) {
      copy[i] ^= (byte) 0x5a;
    }
    Files.write(scrambled, copy);
    for (Path bad : List.of(truncated, garbage, scrambled)) {
      Result r = run("1", "model=" + bad, "runs=3");
      assertThat(r.status()).as(bad.getFileName().toString()).isEqualTo(RunnerProtocol.EXIT_FAILURE);
      assertThat(r.lines()).as("only the error line").hasSize(1);
      assertThat(r.last().get("type").asText()).isEqualTo("error");
      assertThat(r.last().get("stage").asText()).isEqualTo("init");
      assertThat(r.last().get("message").asText()).isNotBlank();
      assertThat(r.err().strip()).as("one readable line on stderr").startsWith("leti-runner: init failed: ")
          .doesNotContain("\n");
    }
  }

  @Test
  void badArgumentsAndAnotherProtocolAreUsageErrors() throws Exception {
    Result other = run("2", "model=" + model);
    assertThat(other.status()).isEqualTo(RunnerProtocol.EXIT_USAGE);
    assertThat(other.last().get("stage").asText()).isEqualTo("arguments");
    assertThat(other.last().get("message").asText()).contains("'2'");
    Result gpu = run("1", "model=" + model, "backend=gpu");
    assertThat(gpu.status()).isEqualTo(RunnerProtocol.EXIT_USAGE);
    assertThat(gpu.last().get("message").asText()).contains("backend=gpu");
    Result missing = run("1", "model=" + dir.resolve("nope.tflite"));
    assertThat(missing.last().get("message").asText()).contains("nope.tflite");
  }
}
