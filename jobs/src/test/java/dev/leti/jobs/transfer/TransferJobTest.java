package dev.leti.jobs.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.leti.jobs.SharedSpark;
import dev.leti.jobs.SharedSubsets;
import dev.leti.jobs.model.ModelInputs;
import dev.leti.jobs.pipeline.TrainingSet;
import dev.leti.lake.Lake;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer between the two shared devices (GPU and CPU) on 120 real archs: few enough that every GBT is a small
 * one ({@link FewShotGbt.Size}), so the fits stay cheap.
 */
class TransferJobTest {
  private static final String GPU = "h200-fp32";
  private static final String CPU = "xeon-16t-fp32";
  private static final int ARCHS = 120;
  @TempDir static Path dir;
  private static Lake lake;
  private static SparkSession spark;
  private static TransferJob.Result result;
  private static int heldOut;

  @BeforeAll
  static void run() throws Exception {
    spark = SharedSpark.session();
    lake = new Lake(dir.resolve("lake").toString());
    SharedSubsets.writeNb101TrainingSet(spark, lake, ARCHS);
    heldOut = (int) ModelInputs.prepare(TrainingSet.read(spark, lake, "nb101"), 7, 20)
        .where("is_test and device_id = '" + CPU + "'").count();
    result = new TransferJob(lake).sizes(List.of(0, 5, 20)).seeds(2).run(spark);
  }

  @Test
  void theMatrixHasEveryOrderedPairAndIsRegistered() {
    assertThat(result.matrix()).extracting(TransferMatrix.Row::source, TransferMatrix.Row::target)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(CPU, GPU), org.assertj.core.groups.Tuple.tuple(GPU, CPU));
    for (TransferMatrix.Row r : result.matrix()) {
      assertThat(r.commonArchs()).isEqualTo(ARCHS);
      assertThat(r.k()).isEqualTo(20);
      assertThat(r.seeds()).isEqualTo(2);
      assertThat(r.spearmanZeroShot()).as("the shared data: GPU and CPU rank archs alike only weakly")
          .isBetween(0.2, 0.7);
    }
    TransferMatrix.Row a = result.matrix().get(0);
    TransferMatrix.Row b = result.matrix().get(1);
    assertThat(a.spearmanZeroShot()).as("ρ is symmetric").isCloseTo(b.spearmanZeroShot(), within(1e-12));
    assertThat(List.of(spark.table("leti.transfer_matrix").columns())).containsExactly("space", "source", "target",
        "common_archs", "spearman_zero_shot", "kendall_zero_shot", "k", "within10_recalibrated",
        "spearman_recalibrated", "seeds", "transfer_run_id");
    assertThat(spark.table("leti.transfer_matrix").where("transfer_run_id = '" + result.runId() + "'").count())
        .isEqualTo(2);
  }

  @Test
  void everyMethodAndKIsJudgedOnTheTrainJobsHeldOutArchs() {
    assertThat(result.curves()).extracting(FewShotCurves.Row::nTest).containsOnly(heldOut);
    int pool = ARCHS - heldOut;
    for (String target : List.of(GPU, CPU)) {
      List<FewShotCurves.Row> rows = result.curves().stream().filter(r -> r.target().equals(target)).toList();
      assertThat(rows.stream().map(FewShotCurves.Row::k).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(0, 5, 20, pool);
      // k = 0 only for the recalibrated source; k = 5, 20 twice (seeds); "all" once
      assertThat(count(rows, FewShotCurves.TARGET_ONLY)).isEqualTo(2 + 2 + 1);
      assertThat(count(rows, FewShotCurves.SOURCE_FEATURE)).isEqualTo(5);
      assertThat(count(rows, FewShotCurves.AUTO_SOURCE)).isEqualTo(5);
      assertThat(count(rows, FewShotCurves.SOURCE_RECALIBRATED)).isEqualTo(6);
      String other = target.equals(GPU) ? CPU : GPU;
      assertThat(rows).filteredOn(r -> !r.method().equals(FewShotCurves.TARGET_ONLY))
          .extracting(FewShotCurves.Row::source).containsOnly(other);
      assertThat(rows).filteredOn(r -> r.method().equals(FewShotCurves.TARGET_ONLY))
          .extracting(FewShotCurves.Row::source).containsOnlyNulls();
    }
    assertThat(spark.table("leti.transfer_curves").where("transfer_run_id = '" + result.runId() + "'").count())
        .isEqualTo(result.curves().size());
    assertThat(List.of(spark.table("leti.transfer_curves").columns())).containsExactly("space", "target", "method",
        "source", "k", "seed", "n_test", "within10", "spearman", "rmse_ms", "mape", "transfer_run_id");
  }

  @Test
  void recalibrationOnKArchsBeatsTheSourceAsItIs() {
    for (String target : List.of(GPU, CPU)) {
      FewShotCurves.Row zeroShot = find(target, FewShotCurves.SOURCE_RECALIBRATED, 0, 0);
      for (int seed = 0; seed < 2; seed++) {
        FewShotCurves.Row k20 = find(target, FewShotCurves.SOURCE_RECALIBRATED, 20, seed);
        assertThat(k20.within10()).as("±10 %% after recalibration, %s seed %d", target, seed)
            .isGreaterThanOrEqualTo(zeroShot.within10());
        assertThat(k20.rmseMs()).as("the CPU is ~3x slower than the GPU: raw ms are far off").isLessThan(
            zeroShot.rmseMs());
        // a power law with a positive exponent keeps the source's order: ρ on the same archs cannot change
        assertThat(k20.spearman()).isCloseTo(zeroShot.spearman(), within(1e-12));
      }
    }
    for (TransferMatrix.Row r : result.matrix()) {
      assertThat(r.within10Recalibrated()).as("k-shot recalibration helps %s -> %s", r.source(), r.target())
          .isGreaterThan(0.1);
    }
  }

  @Test
  void seedsMakeRunsRepeatable() {
    TransferJob.Result again = new TransferJob(lake).sizes(List.of(5)).seeds(1).targets(List.of(CPU))
        .write(false).run(spark);
    Set<FewShotCurves.Row> first = new HashSet<>(result.curves());
    assertThat(again.curves()).as("k = 5 and all, four methods").hasSize(8).allMatch(first::contains);
    assertThat(again.matrix()).as("the matrix does not depend on the seeds of the curves").hasSize(2);
    assertThat(again.matrix().get(0).spearmanZeroShot()).isEqualTo(result.matrix().get(0).spearmanZeroShot());
    assertThat(again.runId()).isNotEqualTo(result.runId());
  }

  @Test
  void predictionsCoverEveryArchAndMatchTheCurvesRow() throws Exception {
    TransferData data = TransferData.load(spark, lake, "nb101", 7, 20);
    TransferPrediction.Result r = TransferPrediction.run(spark, data, GPU, CPU, 20, 1);
    assertThat(r.predictions()).hasSize(ARCHS).allMatch(p -> p.measuredMs() != null && p.device().equals(CPU));
    assertThat(r.sourceModelled()).as("the GPU measured every arch").isZero();
    FewShotCurves.Row curve = find(CPU, FewShotCurves.SOURCE_RECALIBRATED, 20, 1);
    assertThat(r.heldOut().within10()).isEqualTo(curve.within10());
    assertThat(r.heldOut().rmseMs()).isCloseTo(curve.rmseMs(), within(1e-12));
    assertThatThrownBy(() -> TransferPrediction.run(spark, data, GPU, "pixel9", 20, 1))
        .hasMessageContaining("no nb101 medians for device 'pixel9'; devices: [h200-fp32, xeon-16t-fp32]");
    assertThatThrownBy(() -> TransferPrediction.run(spark, data, GPU, CPU, 1000, 1))
        .hasMessageContaining("--shots must be in 0.." + (ARCHS - heldOut));
  }

  @Test
  void aSourceMissingArchsIsFilledByItsModel() throws Exception {
    // the GPU loses 20 archs: its signal there must come from a model of its other medians
    Lake partial = new Lake(dir.resolve("partial").toString());
    spark.read().parquet(lake.latencyMedians()).createOrReplaceTempView("full_medians");
    spark.sql("SELECT * FROM full_medians WHERE NOT (device_id = '" + GPU + "' AND arch_id IN "
        + "(SELECT arch_id FROM full_medians WHERE device_id = '" + GPU + "' ORDER BY arch_id LIMIT 20))")
        .write().parquet(partial.latencyMedians());
    spark.read().parquet(lake.spaceFeatures("nb101")).write().parquet(partial.spaceFeatures("nb101"));
    TransferData data = TransferData.load(spark, partial, "nb101", 7, 20);
    assertThat(data.common(GPU, CPU)).hasSize(ARCHS - 20);
    SourceSignal signal = SourceSignal.of(spark, data, GPU, data.measured(CPU), 7);
    assertThat(signal.modelled()).isEqualTo(20);
    assertThat(java.util.Arrays.stream(data.measured(CPU)).mapToDouble(p -> signal.ms()[p]))
        .allMatch(v -> v > 0 && Double.isFinite(v));
  }

  private static long count(List<FewShotCurves.Row> rows, String method) {
    return rows.stream().filter(r -> r.method().equals(method)).count();
  }

  private static FewShotCurves.Row find(String target, String method, int k, int seed) {
    return result.curves().stream()
        .filter(r -> r.target().equals(target) && r.method().equals(method) && r.k() == k && r.seed() == seed)
        .findFirst().orElseThrow(() -> new AssertionError("no row " + target + " " + method + " k=" + k));
  }
}
