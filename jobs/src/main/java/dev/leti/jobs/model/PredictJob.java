package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;

import dev.leti.features.table.SpaceRows;
import dev.leti.jobs.pipeline.SpaceFeatures;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Predicts latencies with a device's newest model: for given architectures (their features computed on the fly)
 * or for the whole space (from its feature table, into {@code gold/predictions_<space>/device_id=<d>}).
 */
public final class PredictJob {
  /** One architecture to predict: its id and features, or why it is not an architecture of the space. */
  public record Input(String id, long[] features, String error) {}

  /** A prediction, or the input's error. */
  public record Prediction(String id, String device, Double predictedMs, String error) {}

  private final Lake lake;
  private final String space;
  private final String device;

  public PredictJob(Lake lake, String space, String device) {
    this.lake = lake;
    this.space = space;
    this.device = device;
  }

  private PipelineModel model(SparkSession spark) {
    String path = new ModelRegistry(spark, lake).currentModel(space, device);
    if (path == null) {
      throw new IllegalArgumentException("no model for device '" + device + "' in " + space
          + ": run 'leti train' first");
    }
    return PipelineModel.load(path);
  }

  /** Predictions in input order; invalid inputs keep their error. */
  public List<Prediction> predict(SparkSession spark, List<Input> inputs) {
    List<String> features = SpaceRows.layoutOf(space).schema().names();
    StructType schema = new StructType().add("_position", DataTypes.IntegerType).add("_id", DataTypes.StringType);
    for (String f : features) {
      schema = schema.add(f, DataTypes.LongType);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      if (in.error() == null) {
        Object[] values = new Object[features.size() + 2];
        values[0] = i;
        values[1] = in.id();
        for (int f = 0; f < features.size(); f++) {
          values[f + 2] = in.features()[f];
        }
        rows.add(RowFactory.create(values));
      }
    }
    Prediction[] out = new Prediction[inputs.size()];
    if (!rows.isEmpty()) {
      for (Row r : model(spark).transform(spark.createDataFrame(rows, schema))
          .select(col("_position"), col("_id"), exp(col(TrainModelsJob.PREDICTION))).collectAsList()) {
        out[r.getInt(0)] = new Prediction(r.getString(1), device, r.getDouble(2), null);
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (out[i] == null) {
        out[i] = new Prediction(inputs.get(i).id(), device, null, inputs.get(i).error());
      }
    }
    return List.of(out);
  }

  /** Predicts every architecture of the space into the lake; returns where and how many. */
  public String predictAll(SparkSession spark) throws IOException {
    Dataset<Row> space = SpaceFeatures.ensure(spark, lake, this.space);
    String location = lake.path("gold/predictions_" + this.space + "/device_id=" + device);
    model(spark).transform(space)
        .select(col("arch_space"), col("arch_id"), exp(col(TrainModelsJob.PREDICTION)).as("predicted_ms"),
            lit(device).as("model_device"))
        .write().mode(SaveMode.Overwrite).parquet(location);
    return location;
  }
}
