package dev.leti.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented cluster example is a configuration leti accepts. */
class ClusterExampleTest {
  @Test
  void theClusterExampleReads() {
    LetiConfig c = ConfigLoader.load(Path.of(System.getProperty("leti.home", ".."), "conf", "cluster.example.yaml")
        .toAbsolutePath(), List.of());
    assertThat(c.lake().root()).isEqualTo("hdfs:///leti/lake");
    assertThat(c.lake().metastoreUris()).startsWith("thrift://");
    assertThat(c.spark().conf()).containsEntry("spark.executor.memory", "4g")
        .containsEntry("spark.sql.shuffle.partitions", "64");
    assertThat(c.pipeline()).isEqualTo(ConfigLoader.load(null, List.of()).pipeline());
  }
}
