package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.log1p;

import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains, per device, a gradient-boosted latency model on log(median latency) with a small hyperparameter search,
 * and three baselines on the same split: log-linear on MACs, log-linear on parameters, and an additive "lookup
 * table" (a least-squares latency per op kind, summed over the network). All are judged on the same held-out
 * archs ({@link ModelInputs#prepare}); the GBT model goes to the registry.
 *
 * <p>Cost: per device, a {@code TrainValidationSplit} over {@value #GRID_SIZE} GBT settings on 80 % of the
 * training archs, then the best refit; about half a minute for 800 archs on 2 cores.
 */
public final class TrainModelsJob {
  static final int GRID_SIZE = 8;
  static final String FEATURES = "features";
  static final String PREDICTION = "prediction";

  /** One model's result on one device. */
  public record Evaluation(String device, String space, String model, Metrics metrics, int nTrain) {}

  /** A device's trained GBT with its evaluation and the baselines'. */
  public record DeviceModels(String device, String space, PipelineModel gbt, Map<String, Object> bestParams,
      List<Evaluation> evaluations, Map<String, Double> importances) {}

  private final Lake lake;
  private long seed = 7;
  private int testPercent = 20;
  private List<String> devices = List.of();
  private boolean quick;

  public TrainModelsJob(Lake lake) {
    this.lake = lake;
  }

  public TrainModelsJob seed(long seed) {
    this.seed = seed;
    return this;
  }

  public TrainModelsJob testPercent(int percent) {
    this.testPercent = percent;
    return this;
  }

  /** One small setting instead of the search: for tests and smoke runs. */
  public TrainModelsJob quick(boolean quick) {
    this.quick = quick;
    return this;
  }

  /** Only these devices (all when empty). */
  public TrainModelsJob devices(List<String> devices) {
    this.devices = List.copyOf(devices);
    return this;
  }

  /** Trains every device of the space's training set and records models and metrics in the lake. */
  public List<DeviceModels> run(SparkSession spark, String space) throws IOException {
    Dataset<Row> data = ModelInputs.prepare(spark.read().parquet(lake.trainingSet(space)), seed, testPercent)
        .cache();
    List<String> present = new ArrayList<>();
    data.select(Columns.DEVICE_ID).distinct().orderBy(Columns.DEVICE_ID).collectAsList()
        .forEach(r -> present.add(r.getString(0)));
    for (String d : devices) {
      if (!present.contains(d)) {
        throw new IllegalArgumentException("no training data for device '" + d + "' in " + space + "; devices: "
            + present);
      }
    }
    List<DeviceModels> out = new ArrayList<>();
    for (String device : devices.isEmpty() ? present : devices) {
      spark.sparkContext().setJobGroup("train-" + device, "leti train " + space + " " + device, false);
      out.add(trainDevice(data.where(col(Columns.DEVICE_ID).equalTo(device)), device, space));
    }
    data.unpersist();
    new ModelRegistry(spark, lake).record(out, seed, testPercent);
    return out;
  }

  DeviceModels trainDevice(Dataset<Row> deviceData, String device, String space) {
    Dataset<Row> train = deviceData.where(col(ModelInputs.IS_TEST).equalTo(false)).cache();
    Dataset<Row> test = deviceData.where(col(ModelInputs.IS_TEST)).cache();
    int nTrain = (int) train.count();
    List<String> featureCols = ModelInputs.featureColumns(space);

    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(featureCols.toArray(new String[0])).setOutputCol(FEATURES);
    GBTRegressor gbt = new GBTRegressor().setLabelCol(ModelInputs.LABEL).setFeaturesCol(assembler.getOutputCol())
        .setPredictionCol(PREDICTION).setSeed(seed).setStepSize(0.1);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, gbt});
    ParamMap[] grid = quick
        ? new ParamGridBuilder().addGrid(gbt.maxDepth(), new int[] {3}).addGrid(gbt.maxIter(), new int[] {20}).build()
        : new ParamGridBuilder()
            .addGrid(gbt.maxDepth(), new int[] {4, 6})
            .addGrid(gbt.maxIter(), new int[] {60, 150})
            .addGrid(gbt.subsamplingRate(), new double[] {0.8, 1.0})
            .build();
    // 20 % of the training archs validate each setting; the test archs are never seen
    TrainValidationSplit search = new TrainValidationSplit().setEstimator(pipeline)
        .setEvaluator(new RegressionEvaluator().setLabelCol(ModelInputs.LABEL).setPredictionCol(PREDICTION)
            .setMetricName("rmse"))
        .setEstimatorParamMaps(grid).setTrainRatio(0.8).setSeed(seed).setParallelism(2);
    TrainValidationSplitModel searched = search.fit(train);
    PipelineModel best = (PipelineModel) searched.bestModel();
    GBTRegressionModel fitted = (GBTRegressionModel) best.stages()[1];
    Map<String, Object> bestParams = new LinkedHashMap<>();
    bestParams.put("maxDepth", fitted.getMaxDepth());
    bestParams.put("maxIter", fitted.getMaxIter());
    bestParams.put("subsamplingRate", fitted.getSubsamplingRate());
    bestParams.put("stepSize", fitted.getStepSize());
    bestParams.put("seed", seed);

    List<Evaluation> evaluations = new ArrayList<>();
    evaluations.add(new Evaluation(device, space, "gbt", evaluate(best.transform(test), true), nTrain));
    evaluations.add(new Evaluation(device, space, "loglinear_macs",
        evaluate(linear(List.of("log_" + ModelInputs.macsColumn(space)), true, train, test), true), nTrain));
    evaluations.add(new Evaluation(device, space, "loglinear_params",
        evaluate(linear(List.of("log_params"), true, train, test), true), nTrain));
    evaluations.add(new Evaluation(device, space, "lookup_table",
        evaluate(linear(ModelInputs.opCountColumns(space), false, train, test), false), nTrain));

    Map<String, Double> importances = new LinkedHashMap<>();
    double[] weights = fitted.featureImportances().toArray();
    for (int i = 0; i < weights.length; i++) {
      importances.put(featureCols.get(i), weights[i]);
    }
    train.unpersist();
    test.unpersist();
    return new DeviceModels(device, space, best, bestParams, evaluations, importances);
  }

  /** A least-squares fit on {@code columns}; in log space (log-linear) or on the latency itself (additive). */
  private static Dataset<Row> linear(List<String> columns, boolean logSpace, Dataset<Row> train, Dataset<Row> test) {
    Dataset<Row> trainIn = withLogs(train);
    Dataset<Row> testIn = withLogs(test);
    VectorAssembler assembler = new VectorAssembler().setInputCols(columns.toArray(new String[0]))
        .setOutputCol(FEATURES);
    LinearRegression lr = new LinearRegression().setFeaturesCol(FEATURES).setPredictionCol(PREDICTION)
        .setLabelCol(logSpace ? ModelInputs.LABEL : Columns.LATENCY_MS);
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {assembler, lr}).fit(trainIn);
    return model.transform(testIn);
  }

  private static Dataset<Row> withLogs(Dataset<Row> data) {
    Dataset<Row> out = data.withColumn("log_params", log1p(col("params")));
    for (String macs : List.of("macs", "flops")) {
      if (List.of(data.columns()).contains(macs)) {
        out = out.withColumn("log_" + macs, log1p(col(macs)));
      }
    }
    return out;
  }

  /** Metrics of predictions (in log space when {@code logSpace}) against the measured medians. */
  static Metrics evaluate(Dataset<Row> predictions, boolean logSpace) {
    List<Row> rows = predictions.select(col(Columns.LATENCY_MS),
        logSpace ? exp(col(PREDICTION)) : col(PREDICTION)).collectAsList();
    double[] measured = new double[rows.size()];
    double[] predicted = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      measured[i] = rows.get(i).getDouble(0);
      predicted[i] = rows.get(i).getDouble(1);
    }
    return Metrics.of(measured, predicted);
  }
}
