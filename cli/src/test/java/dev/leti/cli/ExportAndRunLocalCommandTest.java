package dev.leti.cli;

import static dev.leti.cli.LetiCommandTest.leti;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leti.cli.LetiCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportAndRunLocalCommandTest {
  private static final String SMALL_CELL =
      "{\"matrix\":[[0,1,1,0],[0,0,0,1],[0,0,0,1],[0,0,0,0]],\"ops\":[\"input\",\"conv1x1-bn-relu\",\"maxpool3x3\",\"output\"]}";

  @TempDir Path dir;

  @BeforeAll
  static void keepDjlInTarget() {
    // DJL unpacks its native library into its cache directory: the build's, not the home directory
    System.setProperty("DJL_CACHE_DIR", Path.of("target", "djl-cache").toAbsolutePath().toString());
  }

  @Test
  void exportsOneCellThenRunsItLocally() throws Exception {
    Path model = dir.resolve("cell.tflite");
    Run export = leti("export", "--space", "nb101", "--cell", SMALL_CELL, "--out", model.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    JsonNode line = export.jsonLines().get(0);
    assertThat(line.get("valid").asBoolean()).isTrue();
    assertThat(line.get("file").asText()).isEqualTo(model.toString());
    assertThat(line.get("bytes").asLong()).isEqualTo(Files.size(model));

    Run run = leti("run-local", "--model", model.toString(), "--warmup", "1", "--runs", "3", "--threads", "1");
    assertThat(run.exit()).as(run.err()).isZero();
    List<JsonNode> lines = run.jsonLines();
    assertThat(lines).extracting(l -> l.get("type").asText())
        .containsExactly("header", "run", "run", "run", "run", "trailer");
    assertThat(lines.get(0).get("device").asText()).isEqualTo("host-tflite-cpu-1t");
    assertThat(lines.get(5).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void outDirIsACacheByHashAndInvalidCellsAreReportedWithExitCodeOne() throws Exception {
    Path cells = dir.resolve("cells.json");
    Files.writeString(cells, "[" + SMALL_CELL + ", {\"matrix\":[[0,0],[0,0]],\"ops\":[\"input\",\"output\"]}]");
    Path out = dir.resolve("models");
    Run first = leti("export", "--space", "nb101", "--cells-file", cells.toString(), "--out-dir", out.toString(),
        "--precision", "fp16", "--seed", "3");
    assertThat(first.exit()).isEqualTo(1);
    List<JsonNode> lines = first.jsonLines();
    assertThat(lines.get(0).get("cached").asBoolean()).isFalse();
    assertThat(lines.get(0).get("file").asText()).endsWith("-fp16-s3-f1.tflite")
        .contains(lines.get(0).get("id").asText());
    assertThat(lines.get(1).get("valid").asBoolean()).isFalse();
    assertThat(lines.get(1).get("reason").asText()).isEqualTo("disconnected");
    Run second = leti("export", "--space", "nb101", "--cell", SMALL_CELL, "--out-dir", out.toString(),
        "--precision", "fp16", "--seed", "3");
    assertThat(second.jsonLines().get(0).get("cached").asBoolean()).isTrue();

    Run nb201 = leti("export", "--space", "nb201", "--index", "0", "--index", "99999", "--out-dir", out.toString());
    assertThat(nb201.exit()).isEqualTo(1);
    assertThat(nb201.jsonLines().get(0).get("file").asText()).endsWith("nb201-0-fp32-s1-f1.tflite");
    assertThat(nb201.jsonLines().get(1).get("error").asText()).contains("99999");
  }

  @Test
  void wrongUseIsOneLineOnStderr() throws Exception {
    Run both = leti("export", "--space", "nb101", "--cell", SMALL_CELL, "--out", "a.tflite", "--out-dir", "d");
    assertThat(both.exit()).isEqualTo(1);
    assertThat(both.err().strip()).isEqualTo("leti: give either --out F.tflite or --out-dir DIR");
    Run two = leti("export", "--space", "nb101", "--cell", SMALL_CELL, "--cell", SMALL_CELL, "--out", "a.tflite");
    assertThat(two.err()).contains("--out takes exactly one architecture, got 2");
    Run precision = leti("export", "--space", "nb201", "--index", "1", "--out", "a.tflite", "--precision", "int8");
    assertThat(precision.err().strip()).isEqualTo("leti: weight precision must be fp32 or fp16, got 'int8'");
    Run missing = leti("run-local", "--model", dir.resolve("none.tflite").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void aCorruptModelGivesTheRunnersErrorLineAndExitCodeOne() throws Exception {
    Path bad = dir.resolve("bad.tflite");
    Files.writeString(bad, "not a flatbuffer");
    Run run = leti("run-local", "--model", bad.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.jsonLines()).hasSize(1);
    assertThat(run.jsonLines().get(0).get("type").asText()).isEqualTo("error");
    assertThat(run.err().strip()).startsWith("leti-runner: init failed: ").doesNotContain("\n");
  }

  @Test
  void benchmarksPrintTheirFigures() {
    Run export = leti("bench", "export", "--cells", "3", "--rounds", "1");
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.out()).containsPattern("round 1: models=3 seconds=[0-9.]+ models/s=[0-9.]+");
    Run runner = leti("bench", "runner", "--models", "1", "--warmup", "0", "--runs", "2", "--threads", "1");
    assertThat(runner.exit()).as(runner.err()).isZero();
    assertThat(runner.out()).containsPattern("overall: overhead=-?[0-9.]+% \\(goal <= 5%\\)");
  }
}
