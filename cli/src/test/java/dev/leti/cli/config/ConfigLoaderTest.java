package dev.leti.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.jobs.pipeline.CleaningRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("leti.yaml"), yaml);
  }

  @Test
  void theShippedFileIsTheBuiltInDefaultsAndMatchesTheJobsDefaults() {
    LetiConfig shipped = ConfigLoader.load(Path.of(System.getProperty("leti.home", ".."), "conf", "leti.yaml")
        .toAbsolutePath(), List.of());
    LetiConfig builtIn = ConfigLoader.load(null, List.of());
    assertThat(shipped).isEqualTo(builtIn);
    assertThat(builtIn.pipeline().rules()).isEqualTo(CleaningRules.DEFAULT);
    assertThat(builtIn.lake().root()).isEqualTo("data-lake");
    assertThat(builtIn.lake().metastoreUris()).isNull();
    assertThat(builtIn.collect().cooldownC()).isNull();
    assertThat(builtIn.demo().threads()).containsExactly(1, 2);
  }

  @Test
  void aUserFileChangesOnlyItsKeysAndSetOverridesIt() throws IOException {
    Path f = file("""
        pipeline:
          min_good_runs: 8
          outlier_rule: iqr
        spark:
          conf:
            spark.sql.shuffle.partitions: "4"
        """);
    LetiConfig c = ConfigLoader.load(f, List.of("pipeline.min_good_runs=3", "spark.conf.spark.driver.memory=2g",
        "collect.cooldown_c=40.5", "demo.threads=[1, 4]"));
    assertThat(c.pipeline().minGoodRuns()).isEqualTo(3);
    assertThat(c.pipeline().outlierRule()).isEqualTo("iqr");
    assertThat(c.pipeline().madK()).isEqualTo(3.5);
    assertThat(c.spark().conf()).isEqualTo(Map.of("spark.sql.shuffle.partitions", "4", "spark.driver.memory", "2g"));
    assertThat(c.collect().cooldownC()).isEqualTo(40.5);
    assertThat(c.demo().threads()).containsExactly(1, 4);
    assertThat(c.models().seed()).isEqualTo(7);
  }

  @Test
  void anEmptyFileIsAllDefaults() throws IOException {
    assertThat(ConfigLoader.load(file(""), List.of())).isEqualTo(ConfigLoader.load(null, List.of()));
  }

  @Test
  void anUnknownKeyIsNamedWithTheKnownOnes() throws IOException {
    Path f = file("pipeline:\n  min_god_runs: 3\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, List.of()))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("unknown key 'pipeline.min_god_runs'")
        .hasMessageContaining("pipeline.min_good_runs");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("lake.rot=x")))
        .hasMessageContaining("--set lake.rot: unknown key 'lake.rot'");
    assertThatThrownBy(() -> ConfigLoader.load(file("colect:\n  runs: 3\n"), List.of()))
        .hasMessageContaining("unknown key 'colect'");
  }

  @Test
  void aValueOfTheWrongTypeNamesItsKey() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(file("pipeline:\n  min_good_runs: many\n"), List.of()))
        .hasMessageContaining("pipeline.min_good_runs").hasMessageContaining("many");
    assertThatThrownBy(() -> ConfigLoader.load(file("pipeline:\n  min_good_runs: 2.5\n"), List.of()))
        .hasMessageContaining("pipeline.min_good_runs");
    assertThatThrownBy(() -> ConfigLoader.load(file("pipeline:\n  exclude_drifting: 1\n"), List.of()))
        .hasMessageContaining("pipeline.exclude_drifting");
    assertThatThrownBy(() -> ConfigLoader.load(file("lake: data\n"), List.of()))
        .hasMessageContaining("lake must be a mapping");
  }

  @Test
  void aValueOutOfRangeNamesItsSectionAndRule() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(file("pipeline:\n  outlier_rule: zscore\n"), List.of()))
        .hasMessageContaining("pipeline: outlier rule must be mad or iqr, got 'zscore'");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("models.test_percent=0")))
        .hasMessageContaining("models: test_percent must be within 1..90, got 0");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("lake.metastore_uris=mysql://x")))
        .hasMessageContaining("metastore_uris must be thrift://");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("spark.conf.executor.memory=2g")))
        .hasMessageContaining("Spark settings (spark.*), got 'executor.memory'");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("demo.threads=[2, 2]")))
        .hasMessageContaining("threads must not repeat");
  }

  @Test
  void brokenYamlAndMissingFilesAreClear() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(file("pipeline: [\n"), List.of()))
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), List.of()))
        .hasMessageContaining("cannot read the configuration file");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("pipeline.min_good_runs")))
        .hasMessageContaining("--set takes key=value");
  }
}
