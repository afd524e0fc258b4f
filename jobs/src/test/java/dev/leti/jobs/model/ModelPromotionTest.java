package dev.leti.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.SharedSpark;
import dev.leti.jobs.SharedSubsets;
import dev.leti.lake.Lake;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPromotionTest {
  @TempDir Path dir;

  @Test
  void theRuleToleratesOnlyTheGivenLoss() {
    assertThat(ModelPromotion.promotes(0.50, null, 0.0)).as("nothing to beat").isTrue();
    assertThat(ModelPromotion.promotes(0.80, 0.80, 0.0)).as("not worse").isTrue();
    assertThat(ModelPromotion.promotes(0.79, 0.80, 0.0)).isFalse();
    assertThat(ModelPromotion.promotes(0.79, 0.80, 0.01)).isTrue();
    assertThat(ModelPromotion.promotes(0.78, 0.80, 0.01)).isFalse();
  }

  @Test
  void promotesJudgesOnTheSameTestArchsRecordsAndRetires() throws Exception {
    SparkSession spark = SharedSpark.session();
    Lake lake = new Lake(dir.resolve("lake").toString());
    SharedSubsets.writeNb101TrainingSet(spark, lake, 120);
    ModelRegistry registry = new ModelRegistry(spark, lake);
    List<String> devices = List.of("h200-fp32", "xeon-16t-fp32");

    new TrainModelsJob(lake).quick(true).run(spark, "nb101");
    List<ModelPromotion.Decision> first = new ModelPromotion(spark, lake).tolerance(0).keep(2)
        .run("nb101", devices, "run-1");
    assertThat(first).extracting(ModelPromotion.Decision::promoted).containsExactly(true, true);
    assertThat(first.get(0).reason()).isEqualTo("no promoted model yet");
    String v1 = registry.versions("nb101", "h200-fp32").get(0);
    assertThat(registry.promotedVersion("nb101", "h200-fp32")).isEqualTo(v1);
    assertThat(registry.currentModel("nb101", "h200-fp32")).endsWith(v1 + "/model");

    for (int i = 0; i < 2; i++) {
      Thread.sleep(1100); // versions are stamped to the second
      new TrainModelsJob(lake).quick(true).run(spark, "nb101");
    }
    List<ModelPromotion.Decision> third = new ModelPromotion(spark, lake).tolerance(0).keep(2)
        .run("nb101", devices, "run-3");
    ModelPromotion.Decision gpu = third.get(0);
    assertThat(gpu.current()).isEqualTo(v1);
    assertThat(gpu.currentWithin10()).as("the same seed trains the same model: equal on the same archs")
        .isEqualTo(gpu.candidateWithin10());
    assertThat(gpu.promoted()).isTrue();
    assertThat(gpu.retired()).as("three versions, two kept; the old promoted one goes once replaced")
        .containsExactly(v1);
    assertThat(registry.versions("nb101", "h200-fp32")).hasSize(2).doesNotContain(v1);
    assertThat(registry.promotedVersion("nb101", "h200-fp32")).isEqualTo(gpu.candidate());

    assertThat(spark.sql("SELECT run_id, device_id, promoted, n_test FROM leti.model_promotions ORDER BY run_id, "
        + "device_id").collectAsList()).hasSize(4)
        .allSatisfy(r -> assertThat(r.getInt(3)).isEqualTo(gpu.nTest()));
  }
}
