package dev.leti.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.jobs.SharedSpark;
import dev.leti.jobs.SharedSubsets;
import dev.leti.features.nb201.Nb201Features;
import dev.leti.features.nb201.Nb201Index;
import dev.leti.jobs.pipeline.TrainingSet;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a small real subset: 300 archs of the shared GPU/CPU data, medians of their measured runs, and the
 * sessions' start times (for the drift correction).
 */
class TrainModelsJobTest {
  private static final List<String> FAMILIES = List.of("loglinear_macs", "loglinear_params", "lookup_table", "gbt",
      "interaction_ridge");
  private static final Map<String, Class<?>> STAGES = Map.of(
      "loglinear_macs", LinearRegressionModel.class, "loglinear_params", LinearRegressionModel.class,
      "lookup_table", LinearRegressionModel.class, "gbt", GBTRegressionModel.class,
      "interaction_ridge", RidgeLatencyModel.class);
  @TempDir static Path dir;
  private static Lake lake;
  private static SparkSession spark;

  @BeforeAll
  static void trainingSet() throws Exception {
    spark = SharedSpark.session();
    lake = new Lake(dir.resolve("lake").toString());
    SharedSubsets.writeNb101TrainingSet(spark, lake, 300);
  }

  @Test
  void trainsEveryDeviceDeterministicallyAndTheRegistryRoundTrips() throws Exception {
    List<TrainModelsJob.DeviceModels> first = new TrainModelsJob(lake).quick(true).run(spark, "nb101");
    assertThat(first).extracting(TrainModelsJob.DeviceModels::device).containsExactly("h200-fp32", "xeon-16t-fp32");
    TrainModelsJob.DeviceModels gpu = first.get(0);
    assertThat(gpu.evaluations()).extracting(e -> e.model() + "/" + e.target()).containsExactly(
        "gbt/raw", "gbt/drift_corrected", "loglinear_macs/raw", "loglinear_macs/drift_corrected",
        "loglinear_params/raw", "loglinear_params/drift_corrected", "lookup_table/raw", "lookup_table/drift_corrected",
        "interaction_ridge/raw", "interaction_ridge/drift_corrected");
    Metrics gbt = gpu.evaluations().get(0).metrics();
    assertThat(gpu.evaluations().get(8).metrics().within10())
        .as("on a GPU, latency as a robust polynomial of the features beats the log-space GBT on the raw medians")
        .isGreaterThan(gbt.within10());
    assertThat(gpu.evaluations().get(1).metrics().rmseMs())
        .as("the GPU's contention episodes are in the raw medians, not in the features: corrected medians are closer")
        .isLessThan(gbt.rmseMs());
    assertThat(gbt.n()).as("held-out archs").isBetween(40, 80);
    assertThat(gpu.evaluations().get(0).nTrain() + gbt.n()).isEqualTo(300);
    assertThat(gpu.importances().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));

    List<TrainModelsJob.DeviceModels> again = new TrainModelsJob(lake).quick(true).run(spark, "nb101");
    assertThat(again.get(0).evaluations().get(0).metrics()).as("same seed, same model").isEqualTo(gbt);

    ModelRegistry registry = new ModelRegistry(spark, lake);
    String newest = registry.currentModel("nb101", "h200-fp32");
    assertThat(newest).isNotNull();
    Dataset<Row> input = ModelInputs.prepare(TrainingSet.read(spark, lake, "nb101"), 7, 20)
        .where("device_id = 'h200-fp32'");
    PipelineModel loaded = registry.load(newest);
    List<Row> before = gpu.served().transform(input).select("arch_id", "prediction").orderBy("arch_id").collectAsList();
    List<Row> after = loaded.transform(input).select("arch_id", "prediction").orderBy("arch_id").collectAsList();
    assertThat(after).isEqualTo(before);
    assertThat(Files.readString(Path.of(newest).getParent().resolve("metadata.json")))
        .contains("\"device\" : \"h200-fp32\"", "\"features\"", "\"maxDepth\" : 3", "\"params\"");
    @SuppressWarnings("unchecked")
    Map<String, Double> validation = (Map<String, Double>) gpu.bestParams().get("validation_within_10");
    assertThat(validation).as("every family, the simplest first").containsOnlyKeys(FAMILIES);
    assertThat(List.copyOf(validation.keySet())).isEqualTo(FAMILIES);
    double top = Collections.max(validation.values());
    assertThat(gpu.servedModel()).as("the first family that did best on the validation archs: %s", validation)
        .isEqualTo(FAMILIES.stream().filter(f -> validation.get(f) == top).findFirst().orElseThrow());
    assertThat(gpu.servedChoice()).startsWith(gpu.servedModel() + " (±10 % on the ")
        .contains("training archs that judged every family: loglinear_macs 0.");
    assertThat(loaded.stages()).hasAtLeastOneElementOfType(STAGES.get(gpu.servedModel()));
    assertThat(Files.readString(Path.of(newest).getParent().resolve("metadata.json")))
        .contains("\"model\" : \"" + gpu.servedModel() + "\"");
    Row some = after.get(0);
    Row featureRow = input.where(org.apache.spark.sql.functions.col("arch_id").equalTo(some.getString(0)))
        .select(ModelInputs.featureColumns("nb101").stream().map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new)).first();
    long[] features = new long[featureRow.size()];
    for (int i = 0; i < features.length; i++) {
      features[i] = featureRow.getLong(i);
    }
    List<PredictJob.Prediction> predicted = new PredictJob(lake, "nb101", "h200-fp32").predict(spark, List.of(
        new PredictJob.Input(some.getString(0), features, null), new PredictJob.Input(null, null, "disconnected: x")));
    assertThat(predicted.get(0).predictedMs()).isCloseTo(Math.exp(some.getDouble(1)),
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(predicted.get(1).error()).isEqualTo("disconnected: x");
    assertThat(predicted.get(1).predictedMs()).isNull();
    assertThat(spark.table("leti.model_metrics").where("model = 'gbt'").count()).isEqualTo(8);
    Dataset<Row> held = spark.table("leti.model_predictions");
    assertThat(held.schema().toDDL()).isEqualTo("device_id STRING,arch_space STRING,arch_id STRING,model STRING,"
        + "measured_ms DOUBLE,predicted_ms DOUBLE,model_version STRING");
    assertThat(held.count()).as("2 runs x 2 devices x 5 models x the held-out archs").isEqualTo(2 * 2 * 5L * gbt.n());
    Row gbtRow = held.where("model = 'gbt' AND device_id = 'h200-fp32'").orderBy("model_version", "arch_id").first();
    TrainModelsJob.TestPrediction firstHeld = gpu.predictions().get(0);
    assertThat(gbtRow.getString(2)).isEqualTo(firstHeld.archId());
    assertThat(gbtRow.getDouble(5)).isEqualTo(firstHeld.predictedMs());
    Dataset<Row> drift = spark.table("leti.drift_corrected_medians");
    assertThat(drift.count()).as("every arch of both devices, per run").isEqualTo(2 * 2 * 300L);
    assertThat(drift.where("abs(corrected_ms - latency_ms * exp(-drift)) > 1e-9").count()).isZero();
    assertThat(drift.where("drift <> 0").count()).as("the correction was applied").isPositive();
    assertThat(spark.table("leti.models").count()).isEqualTo(4);
  }

  /**
   * The public table of HELP's FPGA is an analytical estimate, a sum of per-op costs: the "lookup table" baseline is
   * the exact model there, and train serves it (the ridge fits within ±10 % too, and loses the tie to the simpler).
   */
  @Test
  void aDeviceThatIsASumOfOpCostsIsServedTheLookupTable(@TempDir Path lakeDir) throws Exception {
    Lake fpgaLake = new Lake(lakeDir.toString());
    SharedSubsets.writeNb201TrainingSet(spark, fpgaLake, java.util.Set.of("fpga"), 300);
    TrainModelsJob.DeviceModels fpga = new TrainModelsJob(fpgaLake).quick(true).run(spark, "nb201").get(0);

    assertThat(fpga.servedModel()).as(fpga.servedChoice()).isEqualTo("lookup_table");
    assertThat(fpga.servedFeatures()).isEqualTo(ModelInputs.opCountColumns("nb201"));
    List<TrainModelsJob.TestPrediction> held = fpga.predictions().stream()
        .filter(p -> p.model().equals("lookup_table")).toList();
    assertThat(held).hasSizeBetween(40, 80);
    assertThat(held).allSatisfy(p -> assertThat(p.predictedMs()).as(p.archId())
        .isCloseTo(p.measuredMs(), org.assertj.core.data.Percentage.withPercentage(1e-3)));

    ModelRegistry registry = new ModelRegistry(spark, fpgaLake);
    String saved = registry.currentModel("nb201", "fpga");
    assertThat(Files.readString(Path.of(saved).getParent().resolve("metadata.json")))
        .contains("\"model\" : \"lookup_table\"", "\"n_conv3x3\"").doesNotContain("\"flops\"");
    TrainModelsJob.TestPrediction some = held.get(0);
    long[] features = Nb201Features.compute(Nb201Index.arch(Integer.parseInt(some.archId())));
    List<PredictJob.Prediction> predicted = new PredictJob(fpgaLake, "nb201", "fpga").predict(spark,
        List.of(new PredictJob.Input(some.archId(), features, null)));
    assertThat(predicted.get(0).predictedMs()).as("the saved pipeline, loaded back")
        .isCloseTo(some.predictedMs(), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void anUnknownDeviceIsAnErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> new TrainModelsJob(lake).quick(true).devices(List.of("pixel9")).run(spark, "nb101"))
        .hasMessageContaining("no training data for device 'pixel9' in nb101; devices: [h200-fp32, xeon-16t-fp32]");
  }
}
