package dev.leti.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.features.nb201.Nb201Features;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.jobs.SharedSpark;
import dev.leti.jobs.SharedSubsets;
import dev.leti.lake.Lake;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NB-201 quality benchmark on a small real subset: the first 600 archs of a desktop GPU and a whole-ms phone. */
class Nb201QualityTest {
  private static final Set<String> DEVICES = Set.of("titan_rtx_256", "pixel2");
  @TempDir static Path dir;
  private static Lake lake;
  private static SparkSession spark;

  @BeforeAll
  static void trainingSet() throws Exception {
    spark = SharedSpark.session();
    lake = new Lake(dir.resolve("lake").toString());
    SharedSubsets.writeNb201TrainingSet(spark, lake, DEVICES, 600);
  }

  @Test
  void eachDeviceIsJudgedOnTheArchsItWasNotTrainedOnDeterministically() throws Exception {
    Nb201Quality bench = new Nb201Quality(lake).trainArchs(400);
    List<Nb201Quality.DeviceResult> results = bench.run(spark, List.of(), false);
    assertThat(results).extracting(Nb201Quality.DeviceResult::device).containsExactly("pixel2", "titan_rtx_256");
    Nb201Quality.DeviceResult pixel2 = results.get(0);
    Nb201Quality.DeviceResult titan = results.get(1);
    assertThat(pixel2.nTrain()).isEqualTo(400);
    assertThat(pixel2.nTest()).isEqualTo(200);
    assertThat(pixel2.wholeMs()).as("pixel2 reports whole milliseconds").isTrue();
    assertThat(titan.wholeMs()).isFalse();
    assertThat(titan.sklearn()).isEqualTo(0.998);
    assertThat(titan.setting()).matches("ridge (all|live)_edges degree [12] lambda [0-9.]+ (relative|absolute)");
    assertThat(titan.within10()).as("a desktop GPU at batch 256 is a sum of op costs").isGreaterThan(0.95);
    assertThat(pixel2.within10()).isBetween(0.2, 1.0);
    assertThat(bench.run(spark, List.of("titan_rtx_256"), false).get(0).within10())
        .as("same seed, same figure").isEqualTo(titan.within10());
    Nb201Quality.DeviceResult validation = bench.run(spark, List.of("titan_rtx_256"), true).get(0);
    assertThat(validation.nTrain() + validation.nTest()).as("validation stays inside the 400 training archs")
        .isEqualTo(400);
  }

  @Test
  void theSplitFileLetsScikitLearnBeJudgedOnTheSameArchs() throws Exception {
    List<Nb201Quality.DeviceResult> results = new Nb201Quality(lake).trainArchs(400).run(spark, List.of(), false);
    Path split = dir.resolve("split.csv");
    Nb201QualitySplit.write(results, split);

    List<String> lines = Files.readAllLines(split);
    assertThat(lines.get(0).split(",")).containsExactlyElementsOf(Nb201QualitySplit.header());
    assertThat(lines).hasSize(1 + 2 * 600);
    List<String> titan = lines.stream().filter(l -> l.startsWith("titan_rtx_256,")).toList();
    assertThat(titan).filteredOn(l -> l.contains(",train,")).hasSize(400)
        .allSatisfy(l -> assertThat(l.split(",", -1)[5]).as("no prediction for a training arch").isEmpty());
    assertThat(titan).filteredOn(l -> l.contains(",test,")).hasSize(200);
    String[] row = titan.get(0).split(",", -1);
    assertThat(row[6]).as("titan reports fractional ms").isEqualTo("0");
    assertThat(row[7]).isEqualTo("0.998");
    long[] features = Nb201Features.compute(Nb201Index.arch(Integer.parseInt(row[2])));
    assertThat(Arrays.stream(row, 8, row.length).mapToLong(Long::parseLong).toArray()).isEqualTo(features);

    // scikit-learn on the same split (Debian's python3-sklearn; .ci/run installs it)
    assertThat(Path.of("/usr/bin/python3")).as("this test runs scikit-learn: apt-get install python3-sklearn")
        .isExecutable();
    Process p = new ProcessBuilder("/usr/bin/python3", "../scripts/bench-sklearn-nb201", split.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    for (Nb201Quality.DeviceResult r : results) {
      assertThat(out).as("the script scores our predictions as we do")
          .containsPattern(r.device() + " +400 +200 +" + String.format(Locale.ROOT, "%.3f", r.within10())
              + " +[01]\\.[0-9]{3} +(gb|hgb) (ms|log)( rounded)? ");
    }
    assertThat(out).contains("devices=2 beaten=");
  }

  @Test
  void theGbtJudgesTheSameTestArchs() throws Exception {
    Nb201Quality.DeviceResult gbt = new Nb201Quality(lake).trainArchs(400).model(Nb201Quality.Model.GBT)
        .gbt(4, 30, 0.2).run(spark, List.of("titan_rtx_256"), false).get(0);
    assertThat(gbt.nTrain()).isEqualTo(400);
    assertThat(gbt.nTest()).isEqualTo(200);
    assertThat(gbt.setting()).isEqualTo("gbt depth 4 iterations 30 step 0.2");
    assertThat(gbt.within10()).isGreaterThan(0.5);
  }

  @Test
  void anUnknownDeviceOrTooFewArchsAreNamed() {
    assertThatThrownBy(() -> new Nb201Quality(lake).run(spark, List.of("pixel9"), false))
        .hasMessageContaining("no NB-201 data for device 'pixel9'; devices: [pixel2, titan_rtx_256]");
    assertThatThrownBy(() -> new Nb201Quality(lake).run(spark, List.of("pixel2"), false))
        .hasMessageContaining("device 'pixel2' has 600 archs, not more than the 1000 training archs");
  }
}
