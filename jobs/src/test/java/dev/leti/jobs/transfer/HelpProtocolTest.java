package dev.leti.jobs.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.jobs.SharedSpark;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HELP's protocol on a real subset of the public NB-201 tables: 4 sources, 2 targets, the first 3,000 indices. */
class HelpProtocolTest {
  private static final List<String> SOURCES = List.of("1080ti_1", "silver_4114", "samsung_a50", "pixel3");
  private static final List<String> TARGETS = List.of("eyeriss", "gold_6226");
  private static final int ARCHS = 3000;
  @TempDir static Path dir;
  private static Path subset;
  private static Map<String, double[]> table;

  @BeforeAll
  static void subset() throws Exception {
    subset = dir.resolve("latency.csv.gz");
    Set<String> devices = new java.util.HashSet<>(SOURCES);
    devices.addAll(TARGETS);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedSpark.shared("datasets/nb201-public/latency.csv.gz"))), StandardCharsets.UTF_8));
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(subset))) {
      out.write((in.readLine() + "\n").getBytes(StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(",");
        if (devices.contains(f[1]) && Integer.parseInt(f[2]) < ARCHS) {
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    table = PublicLatencyTable.read(subset, "help");
  }

  private static HelpProtocol protocol() {
    return new HelpProtocol().sources(SOURCES).targets(TARGETS).shots(10).seeds(2);
  }

  @Test
  void tenShotsRankTheTargetsArchsWellAndBetterThanFlops() {
    assertThat(table.keySet()).containsExactlyInAnyOrder("1080ti_1", "silver_4114", "samsung_a50", "pixel3", "eyeriss",
        "gold_6226");
    assertThat(java.util.Arrays.stream(table.get("eyeriss")).filter(v -> !Double.isNaN(v)).count()).isEqualTo(ARCHS);
    HelpProtocol.Result r = protocol().run(table);
    HelpProtocol.DeviceResult eyeriss = r.devices().get(0);
    assertThat(eyeriss.device()).isEqualTo("eyeriss");
    assertThat(eyeriss.chosen()).as("eyeriss' table is an additive per-op estimate").containsOnly("additive_ops");
    assertThat(eyeriss.spearman()).isGreaterThan(0.98);
    HelpProtocol.DeviceResult gold = r.devices().get(1);
    assertThat(gold.spearman()).isGreaterThan(0.9);
    for (HelpProtocol.DeviceResult d : r.devices()) {
      assertThat(d.spearman()).as("%s beats FLOPs", d.device()).isGreaterThan(d.flopsSpearman());
      assertThat(d.spearmanBySeed()).hasSize(2);
    }
    assertThat(protocol().run(table)).as("seeded").usingRecursiveComparison().isEqualTo(r);
  }

  @Test
  void theChoiceSeesOnlyTheShots() {
    HelpProtocol.Result honest = protocol().run(table);
    // scramble every gold_6226 value except at the shots the seeds draw: choices must not change
    double[] gold = table.get("gold_6226");
    int[] usable = ShotSampler.all(ARCHS);
    Set<Integer> shots = new java.util.HashSet<>();
    for (int seed = 0; seed < 2; seed++) {
      for (int s : ShotSampler.sample(usable, 10, seed)) {
        shots.add(s);
      }
    }
    double[] scrambled = gold.clone();
    Random random = new Random(1);
    for (int i = 0; i < ARCHS; i++) {
      if (!shots.contains(i)) {
        scrambled[i] = 1 + 50 * random.nextDouble();
      }
    }
    Map<String, double[]> altered = new HashMap<>(table);
    altered.put("gold_6226", scrambled);
    HelpProtocol.Result r = protocol().run(altered);
    assertThat(r.devices().get(1).chosen()).isEqualTo(honest.devices().get(1).chosen());
    assertThat(r.devices().get(1).spearman()).as("judged on noise now").isLessThan(0.2);
  }

  @Test
  void badInputIsAnErrorNamingIt() throws Exception {
    assertThatThrownBy(() -> new HelpProtocol().sources(List.of("1080ti_1")).targets(List.of("tpu9")).run(table))
        .hasMessageContaining("device 'tpu9' is not in the table");
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "source,device,arch_index,latency_ms\nhelp,a,0,1.5\nhelp,a,1,fast\n");
    assertThatThrownBy(() -> PublicLatencyTable.read(bad, "help"))
        .hasMessageContaining("bad.csv:3: not an index and a latency: 'help,a,1,fast'");
    Path negative = dir.resolve("negative.csv");
    Files.writeString(negative, "source,device,arch_index,latency_ms\nhelp,a,0,-1\n");
    assertThatThrownBy(() -> PublicLatencyTable.read(negative, "help")).hasMessageContaining("negative.csv:2");
    assertThatThrownBy(() -> PublicLatencyTable.read(subset, "eagle")).hasMessageContaining("no rows of table source 'eagle'");
  }
}
