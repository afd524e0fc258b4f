package dev.leti.jobs.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.leti.lake.Lake;
import dev.leti.jobs.lake.TableRegistry;
import dev.leti.jobs.lake.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Models in the lake: each trained model in MLlib's own format under {@code gold/models/<device>/<version>/model}
 * with a {@code metadata.json} beside it (device, space, features in order, hyperparameters, metrics, training
 * data, code version); the tables {@code leti.models}, {@code leti.model_metrics} (every model and baseline) and
 * {@code leti.feature_importances}, {@code leti.model_predictions} (every model's prediction for every held-out arch)
 * and {@code leti.drift_corrected_medians}. Prediction uses a device's promoted model ({@link #currentModel}).
 */
public final class ModelRegistry {
  public static final String MODELS = "models";
  public static final String MODEL_METRICS = "model_metrics";
  public static final String FEATURE_IMPORTANCES = "feature_importances";
  public static final String MODEL_PREDICTIONS = "model_predictions";
  public static final String DRIFT_CORRECTED_MEDIANS = "drift_corrected_medians";
  /** The file that names a device's promoted version. */
  static final String CURRENT = "CURRENT";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static final StructType MODELS_SCHEMA = new StructType()
      .add("device_id", DataTypes.StringType).add("arch_space", DataTypes.StringType)
      .add("version", DataTypes.StringType).add("path", DataTypes.StringType)
      .add("created_at_ms", DataTypes.LongType).add("features", DataTypes.createArrayType(DataTypes.StringType))
      .add("hyperparameters", DataTypes.StringType).add("training_data", DataTypes.StringType)
      .add("leti_version", DataTypes.StringType);
  static final StructType METRICS_SCHEMA = new StructType()
      .add("device_id", DataTypes.StringType).add("arch_space", DataTypes.StringType)
      .add("version", DataTypes.StringType).add("model", DataTypes.StringType)
      .add("rmse_ms", DataTypes.DoubleType).add("mape", DataTypes.DoubleType)
      .add("within_5", DataTypes.DoubleType).add("within_10", DataTypes.DoubleType)
      .add("spearman", DataTypes.DoubleType).add("kendall", DataTypes.DoubleType)
      .add("n_train", DataTypes.IntegerType).add("n_test", DataTypes.IntegerType)
      .add("target", DataTypes.StringType);
  /** Every model's prediction for every held-out arch (what the report plots). */
  static final StructType PREDICTIONS_SCHEMA = new StructType()
      .add("device_id", DataTypes.StringType).add("arch_space", DataTypes.StringType)
      .add("arch_id", DataTypes.StringType).add("model", DataTypes.StringType)
      .add("measured_ms", DataTypes.DoubleType).add("predicted_ms", DataTypes.DoubleType)
      .add("model_version", DataTypes.StringType);
  /** The medians beside their drift-corrected values, per arch and training run. */
  static final StructType DRIFT_SCHEMA = new StructType()
      .add("device_id", DataTypes.StringType).add("arch_space", DataTypes.StringType)
      .add("arch_id", DataTypes.StringType).add("latency_ms", DataTypes.DoubleType)
      .add("drift", DataTypes.DoubleType).add("corrected_ms", DataTypes.DoubleType)
      .add("measured_at_ms", DataTypes.LongType).add("is_test", DataTypes.BooleanType)
      .add("model_version", DataTypes.StringType);
  static final StructType IMPORTANCE_SCHEMA = new StructType()
      .add("device_id", DataTypes.StringType).add("arch_space", DataTypes.StringType)
      .add("version", DataTypes.StringType).add("feature", DataTypes.StringType)
      .add("importance", DataTypes.DoubleType);

  private final SparkSession spark;
  private final Lake lake;

  public ModelRegistry(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
  }

  public String modelsDir() {
    return lake.path("gold/models");
  }

  /** Saves every device's served model (whichever family it is) and appends the registry tables. */
  void record(List<TrainModelsJob.DeviceModels> trained, long seed, int testPercent) throws IOException {
    String version = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    List<Row> models = new ArrayList<>();
    List<Row> metrics = new ArrayList<>();
    List<Row> importances = new ArrayList<>();
    List<Row> predictions = new ArrayList<>();
    List<Row> drifts = new ArrayList<>();
    String letiVersion = String.valueOf(ModelRegistry.class.getPackage().getImplementationVersion());
    String trainingData = Tables.qualified(Tables.trainingSet(trained.isEmpty() ? "" : trained.get(0).space()))
        + " of " + lake.root() + " (split seed " + seed + ", " + testPercent + " % of archs held out)";
    for (TrainModelsJob.DeviceModels m : trained) {
      String dir = deviceDir(m.space(), m.device()) + "/" + version;
      m.served().write().overwrite().save(dir + "/model");
      List<String> features = m.servedFeatures();
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("device", m.device());
      meta.put("space", m.space());
      meta.put("model", m.servedModel());
      meta.put("version", version);
      meta.put("features", features);
      meta.put("hyperparameters", m.bestParams());
      meta.put("training_data", trainingData);
      meta.put("metrics", m.evaluations());
      meta.put("leti_version", letiVersion);
      writeJson(dir + "/metadata.json", meta);
      models.add(RowFactory.create(m.device(), m.space(), version, dir, System.currentTimeMillis(),
          scala.collection.JavaConverters.asScalaBuffer(features).toSeq(), JSON.writeValueAsString(m.bestParams()),
          trainingData, letiVersion));
      for (TrainModelsJob.Evaluation e : m.evaluations()) {
        Metrics x = e.metrics();
        metrics.add(RowFactory.create(m.device(), m.space(), version, e.model(), x.rmseMs(), x.mape(), x.within5(),
            x.within10(), x.spearman(), x.kendall(), e.nTrain(), x.n(), e.target()));
      }
      for (TrainModelsJob.TestPrediction p : m.predictions()) {
        predictions.add(RowFactory.create(m.device(), m.space(), p.archId(), p.model(), p.measuredMs(),
            p.predictedMs(), version));
      }
      for (Row d : m.drifts()) {
        Object[] values = new Object[d.size() + 1];
        for (int i = 0; i < d.size(); i++) {
          values[i] = d.get(i);
        }
        values[d.size()] = version;
        drifts.add(RowFactory.create(values));
      }
      m.importances().forEach((f, w) -> importances.add(RowFactory.create(m.device(), m.space(), version, f, w)));
    }
    append(models, MODELS_SCHEMA, MODELS);
    append(metrics, METRICS_SCHEMA, MODEL_METRICS);
    append(importances, IMPORTANCE_SCHEMA, FEATURE_IMPORTANCES);
    append(predictions, PREDICTIONS_SCHEMA, MODEL_PREDICTIONS);
    append(drifts, DRIFT_SCHEMA, DRIFT_CORRECTED_MEDIANS);
  }

  /**
   * Path of the model prediction uses: the promoted version ({@code CURRENT} beside the versions, written by
   * {@link ModelPromotion}), else the newest; null when the device has none.
   */
  public String currentModel(String space, String device) {
    String version = currentVersion(space, device);
    return version == null ? null : deviceDir(space, device) + "/" + version + "/model";
  }

  /** The version prediction uses: the promoted one, else the newest; null when the device has none. */
  public String currentVersion(String space, String device) {
    String version = promotedVersion(space, device);
    if (version == null) {
      List<String> all = versions(space, device);
      version = all.isEmpty() ? null : all.get(all.size() - 1);
    }
    return version;
  }

  /** The promoted version of a device, or null when none was promoted. */
  public String promotedVersion(String space, String device) {
    Path pointer = new Path(deviceDir(space, device), CURRENT);
    try {
      FileSystem fs = fs(pointer);
      if (!fs.exists(pointer)) {
        return null;
      }
      try (var in = fs.open(pointer)) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + pointer, e);
    }
  }

  /** Every complete version of a device (one with its metadata), oldest first; versions sort by time. */
  public List<String> versions(String space, String device) {
    Path dir = new Path(deviceDir(space, device));
    try {
      FileSystem fs = fs(dir);
      List<String> out = new ArrayList<>();
      if (fs.exists(dir)) {
        for (var status : fs.listStatus(dir)) {
          if (status.isDirectory() && fs.exists(new Path(status.getPath(), "metadata.json"))) {
            out.add(status.getPath().getName());
          }
        }
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list models in " + dir, e);
    }
  }

  /** Makes {@code version} the one prediction uses: the pointer is written beside and renamed over the old one. */
  void promote(String space, String device, String version) throws IOException {
    Path pointer = new Path(deviceDir(space, device), CURRENT);
    Path staged = new Path(deviceDir(space, device), "." + CURRENT + ".tmp");
    FileSystem fs = fs(pointer);
    try (OutputStream out = fs.create(staged, true)) {
      out.write(version.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    fs.delete(pointer, false);
    if (!fs.rename(staged, pointer)) {
      throw new IOException("cannot move " + staged + " to " + pointer);
    }
  }

  /** Deletes all but the newest {@code keep} versions of a device, never the promoted one; returns those deleted. */
  List<String> retire(String space, String device, int keep) throws IOException {
    List<String> all = versions(space, device);
    String promoted = promotedVersion(space, device);
    List<String> deleted = new ArrayList<>();
    for (String version : all.subList(0, Math.max(0, all.size() - keep))) {
      if (!version.equals(promoted)) {
        Path dir = new Path(deviceDir(space, device), version);
        fs(dir).delete(dir, true);
        deleted.add(version);
      }
    }
    return deleted;
  }

  String deviceDir(String space, String device) {
    return modelsDir() + "/" + space + "/" + device;
  }

  private FileSystem fs(Path path) throws IOException {
    return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  public PipelineModel load(String path) {
    return PipelineModel.load(path);
  }

  void append(List<Row> rows, StructType schema, String table) throws IOException {
    String location = lake.path("gold/" + table);
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    df.coalesce(1).write().mode(SaveMode.Append).parquet(location);
    new TableRegistry(spark).registerParquet(table, location, schema);
  }

  private void writeJson(String file, Object value) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputStream out = fs.create(path, true)) {
      JSON.writeValue(out, value);
    }
  }
}
