package dev.leti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LetiCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TWO_VERTEX = "{\"matrix\":[[0,1],[0,0]],\"ops\":[\"input\",\"output\"]}";

  /** Exit code and what the command printed. */
  record Run(int exit, String out, String err) {
    List<JsonNode> jsonLines() throws Exception {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : out.split("\n")) {
        lines.add(JSON.readTree(line));
      }
      return lines;
    }
  }

  static Run leti(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Leti.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run r = leti("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("features", "bench");
    assertThat(leti("features", "describe", "--help").out()).contains("--cells-file", "--arch", "--index");
  }

  @Test
  void aBadConfigurationStopsEveryCommandAtStart(@TempDir Path dir) throws Exception {
    Run r = leti("--set", "pipeline.min_god_runs=3", "features", "columns", "--space", "nb101");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).startsWith("leti: config --set pipeline.min_god_runs: unknown key")
        .doesNotContain("\n");
    Path file = Files.writeString(dir.resolve("bad.yaml"), "models:\n  test_percent: 95\n");
    assertThat(leti("--config", file.toString(), "features", "columns", "--space", "nb101").err())
        .contains("bad.yaml: models: test_percent must be within 1..90, got 95");
    assertThat(leti("--set", "models.seed=3", "features", "columns", "--space", "nb101").exit()).isZero();
  }

  @Test
  void aWrongCommandLineIsOneLineAndExitCodeTwo() {
    Run r = leti("features", "describe", "--space", "nb999", "--cell", TWO_VERTEX);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").startsWith("leti: ").contains("nb999")
        .contains("see 'leti features describe --help'");
    assertThat(leti("nonsense").exit()).isEqualTo(2);
  }

  @Test
  void describeNb101PrintsOneJsonLinePerCellAndKeepsGoingPastABadOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cells.json");
    Files.writeString(file, "[" + TWO_VERTEX + ", {\"matrix\":[[0,0],[0,0]],\"ops\":[\"input\",\"output\"]},"
        + "{\"matrix\":[[0,1,0],[0,0,1],[0,0,0]],\"ops\":[\"input\",\"conv9x9\",\"output\"], \"id\": 3}]");
    Run r = leti("features", "describe", "--space", "nb101", "--cells-file", file.toString());
    assertThat(r.exit()).isZero();
    List<JsonNode> lines = r.jsonLines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).get("valid").asBoolean()).isTrue();
    assertThat(lines.get(0).get("hash").asText()).isEqualTo("043721b9c7fe8c5fad811d47d83132ec");
    assertThat(lines.get(0).get("params").asLong()).isEqualTo(882_570);
    assertThat(lines.get(0).get("macs").asLong()).isEqualTo(137_761_802L);
    assertThat(lines.get(0).get("num_vertices").asInt()).isEqualTo(2);
    assertThat(lines.get(0).get("num_edges").asInt()).isEqualTo(1);
    assertThat(lines.get(1).get("valid").asBoolean()).isFalse();
    assertThat(lines.get(1).get("reason").asText()).isEqualTo("disconnected");
    assertThat(lines.get(2).get("reason").asText()).isEqualTo("unknown_op");
    assertThat(lines.get(2).get("error").asText()).contains("conv9x9");
  }

  @Test
  void describeNb201ByArchAndByIndex() throws Exception {
    String arch = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
    Run r = leti("features", "describe", "--space", "nb201", "--arch", arch, "--index", "0", "--index", "99999");
    assertThat(r.exit()).isZero();
    List<JsonNode> lines = r.jsonLines();
    assertThat(lines.get(0).get("index").asInt()).isZero();
    assertThat(lines.get(1).get("arch").asText()).isEqualTo(arch);
    assertThat(lines.get(1).get("flops").asLong()).isEqualTo(lines.get(0).get("flops").asLong());
    assertThat(lines.get(2).get("valid").asBoolean()).isFalse();
    assertThat(lines.get(2).get("error").asText()).contains("99999");
  }

  @Test
  void unreadableOrMalformedInputIsOneLineAndExitCodeOne(@TempDir Path dir) throws Exception {
    Run missing = leti("features", "describe", "--space", "nb101", "--cells-file", dir.resolve("nope.json").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err().strip()).isEqualTo("leti: cannot read --cells-file " + dir.resolve("nope.json"));
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "[{\"matrix\": [[0,1],");
    Run bad = leti("features", "describe", "--space", "nb101", "--cells-file", broken.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).startsWith("leti: " + broken + " is not valid JSON");
    assertThat(bad.err().strip().lines().count()).isEqualTo(1);
    Run mixed = leti("features", "describe", "--space", "nb201", "--cell", TWO_VERTEX);
    assertThat(mixed.exit()).isEqualTo(1);
    assertThat(mixed.err()).contains("--cell and --cells-file are for --space nb101");
  }

  @Test
  void enumerateWritesTheWholeSpaceAsCsvAndParquet(@TempDir Path dir) throws Exception {
    Run csv = leti("features", "enumerate", "--space", "nb201", "--out", dir.toString(), "--format", "csv");
    assertThat(csv.exit()).isZero();
    assertThat(csv.out().strip().lines().reduce((a, b) -> b).orElseThrow()).matches("cells=15625 seconds=[0-9.]+");
    List<String> lines = Files.readAllLines(dir.resolve("nb201_features.csv"));
    assertThat(lines).hasSize(15_626);
    assertThat(lines.get(0)).startsWith("index,arch,params,flops,");
    assertThat(lines.get(1)).startsWith("0,|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|");

    Run parquet = leti("features", "enumerate", "--space", "nb101", "--out", dir.toString());
    assertThat(parquet.exit()).isZero();
    assertThat(parquet.out()).contains("cells=423624 ");
    try (Stream rows = new Stream(dir.resolve("nb101_features.parquet"))) {
      Group first = rows.next();
      assertThat(first.getLong("index", 0)).isZero();
      assertThat(first.getString("hash", 0)).isEqualTo("043721b9c7fe8c5fad811d47d83132ec");
      assertThat(first.getString("matrix", 0)).isEqualTo("0100");
      assertThat(first.getString("ops", 0)).isEqualTo("input,output");
      assertThat(first.getLong("params", 0)).isEqualTo(882_570);
      long count = 1;
      while (rows.next() != null) {
        count++;
      }
      assertThat(count).isEqualTo(423_624);
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("_tmp"));
  }

  /** Reads a Parquet file row by row. */
  private static final class Stream implements AutoCloseable {
    private final ParquetReader<Group> reader;

    Stream(Path file) throws Exception {
      reader = ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
          .withConf(new Configuration()).build();
    }

    Group next() throws Exception {
      return reader.read();
    }

    @Override
    public void close() throws Exception {
      reader.close();
    }
  }
}
