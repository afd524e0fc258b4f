package dev.leti.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101CellJson;
import dev.leti.features.nb101.Nb101Features;
import dev.leti.jobs.SharedSpark;
import dev.leti.lake.Lake;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a small real subset: 300 archs of the shared GPU/CPU data, medians of their measured runs, and the
 * sessions' start times (for the drift correction).
 */
class TrainModelsJobTest {
  @TempDir static Path dir;
  private static Lake lake;
  private static SparkSession spark;

  @BeforeAll
  static void trainingSet() throws Exception {
    spark = SharedSpark.session();
    lake = new Lake(dir.resolve("lake").toString());
    Map<String, Nb101Cell> cells = new HashMap<>();
    for (JsonNode c : new ObjectMapper().readTree(SharedSpark.shared("datasets/nb101-h200-xeon/cells.json").toFile())) {
      if (cells.size() < 300) {
        cells.put(c.get("hash").asText(), Nb101CellJson.parse(c));
      }
    }
    Map<String, List<Double>> runs = new HashMap<>();
    Map<String, Long> started = new HashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedSpark.shared("datasets/nb101-h200-xeon/raw_runs.csv.gz")))))) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(",", -1);
        if (f[4].equals("0") && cells.containsKey(f[1])) {
          runs.computeIfAbsent(f[0] + "," + f[1], k -> new ArrayList<>()).add(Double.parseDouble(f[5]));
          started.merge(f[0] + "," + f[1], Long.parseLong(f[6]), Math::min);
        }
      }
    }
    StructType schema = new StructType().add("device_id", DataTypes.StringType)
        .add("arch_space", DataTypes.StringType).add("arch_id", DataTypes.StringType)
        .add("latency_ms", DataTypes.DoubleType);
    for (String f : Nb101Features.SCHEMA.names()) {
      schema = schema.add(f, DataTypes.LongType);
    }
    List<Row> rows = new ArrayList<>();
    for (var e : runs.entrySet()) {
      String[] key = e.getKey().split(",");
      List<Double> v = new ArrayList<>(e.getValue());
      v.sort(null);
      List<Object> values = new ArrayList<>(List.of(key[0], "nb101", key[1], v.get(v.size() / 2)));
      for (long x : Nb101Features.compute(cells.get(key[1]))) {
        values.add(x);
      }
      rows.add(RowFactory.create(values.toArray()));
    }
    spark.createDataFrame(rows, schema).write().parquet(lake.trainingSet("nb101"));
    List<Row> sessions = new ArrayList<>();
    started.forEach((key, t) -> sessions.add(RowFactory.create(key.split(",")[0], "nb101", key.split(",")[1], true, t)));
    spark.createDataFrame(sessions, new StructType().add("device_id", DataTypes.StringType)
        .add("arch_space", DataTypes.StringType).add("arch_id", DataTypes.StringType)
        .add("session_used", DataTypes.BooleanType).add("first_started_at_ms", DataTypes.LongType))
        .write().parquet(lake.sessions());
  }

  @Test
  void trainsEveryDeviceDeterministicallyAndTheRegistryRoundTrips() throws Exception {
    List<TrainModelsJob.DeviceModels> first = new TrainModelsJob(lake).quick(true).run(spark, "nb101");
    assertThat(first).extracting(TrainModelsJob.DeviceModels::device).containsExactly("h200-fp32", "xeon-16t-fp32");
    TrainModelsJob.DeviceModels gpu = first.get(0);
    assertThat(gpu.evaluations()).extracting(e -> e.model() + "/" + e.target()).containsExactly(
        "gbt/raw", "gbt/drift_corrected", "loglinear_macs/raw", "loglinear_macs/drift_corrected",
        "loglinear_params/raw", "loglinear_params/drift_corrected", "lookup_table/raw", "lookup_table/drift_corrected");
    Metrics gbt = gpu.evaluations().get(0).metrics();
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
    String newest = registry.newestModel("nb101", "h200-fp32");
    assertThat(newest).isNotNull();
    Dataset<Row> input = ModelInputs.prepare(spark.read().parquet(lake.trainingSet("nb101")), 7, 20)
        .where("device_id = 'h200-fp32'");
    PipelineModel loaded = registry.load(newest);
    List<Row> before = gpu.gbt().transform(input).select("arch_id", "prediction").orderBy("arch_id").collectAsList();
    List<Row> after = loaded.transform(input).select("arch_id", "prediction").orderBy("arch_id").collectAsList();
    assertThat(after).isEqualTo(before);
    assertThat(Files.readString(Path.of(newest).getParent().resolve("metadata.json")))
        .contains("\"device\" : \"h200-fp32\"", "\"features\"", "\"maxDepth\" : 3", "\"params\"");
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
    assertThat(held.count()).as("2 runs x 2 devices x 4 models x the held-out archs").isEqualTo(2 * 2 * 4L * gbt.n());
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

  @Test
  void anUnknownDeviceIsAnErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> new TrainModelsJob(lake).quick(true).devices(List.of("pixel9")).run(spark, "nb101"))
        .hasMessageContaining("no training data for device 'pixel9' in nb101; devices: [h200-fp32, xeon-16t-fp32]");
  }
}
