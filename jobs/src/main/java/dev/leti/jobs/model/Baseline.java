package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One of train's baselines: a least-squares fit on a few feature columns, either of log latency on their logs
 * (log-linear) or of latency itself on the columns (additive, the "lookup table"). Fitted as an MLlib pipeline
 * whose {@code prediction} is log(predicted ms), like the GBT's and the ridge's, so that a baseline can be served,
 * saved and promoted like them when it is the better model for a device (few archs, or a device that is a sum of
 * op costs).
 *
 * @param name the model's name in the metrics and the registry
 * @param columns the feature columns it reads
 * @param logSpace true: log latency on log(1 + column); false: latency on the columns
 */
record Baseline(String name, List<String> columns, boolean logSpace) {
  private static final String ADDITIVE_MS = "additive_ms";

  /** Log-linear on MACs, log-linear on parameters, and the additive per-op-kind "lookup table". */
  static List<Baseline> of(String space) {
    return List.of(
        new Baseline("loglinear_macs", List.of(ModelInputs.macsColumn(space)), true),
        new Baseline("loglinear_params", List.of("params"), true),
        new Baseline("lookup_table", ModelInputs.opCountColumns(space), false));
  }

  /**
   * Fits on the drift-corrected target of {@code train}. The additive model never predicts below the fastest
   * training latency (a sum of signed per-op costs can reach zero or below, which has no log), as the ridge.
   */
  PipelineModel fit(Dataset<Row> train) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> inputs = columns;
    if (logSpace) {
      inputs = columns.stream().map(c -> "log_" + c).toList();
      StringBuilder select = new StringBuilder("SELECT *");
      columns.forEach(c -> select.append(", log1p(").append(c).append(") AS log_").append(c));
      stages.add(new SQLTransformer().setStatement(select + " FROM __THIS__"));
    }
    stages.add(new VectorAssembler().setInputCols(inputs.toArray(new String[0]))
        .setOutputCol(TrainModelsJob.FEATURES));
    stages.add(new LinearRegression().setFeaturesCol(TrainModelsJob.FEATURES)
        .setLabelCol(logSpace ? ModelInputs.CORRECTED_LABEL : ModelInputs.CORRECTED_MS)
        .setPredictionCol(logSpace ? TrainModelsJob.PREDICTION : ADDITIVE_MS));
    if (!logSpace) {
      double floorMs = train.agg(min(col(ModelInputs.CORRECTED_MS))).first().getDouble(0);
      stages.add(new SQLTransformer().setStatement("SELECT *, ln(greatest(" + ADDITIVE_MS + ", " + floorMs
          + "D)) AS " + TrainModelsJob.PREDICTION + " FROM __THIS__"));
    }
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
  }
}
