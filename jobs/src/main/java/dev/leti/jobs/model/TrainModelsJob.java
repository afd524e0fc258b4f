package dev.leti.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import dev.leti.jobs.pipeline.TrainingSet;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains, per device, a gradient-boosted latency model on log(median latency) with a small hyperparameter search,
 * and three baselines on the same split: log-linear on MACs, log-linear on parameters, and an additive "lookup
 * table" (a least-squares latency per op kind, summed over the network), see {@link Baseline}. Beside them a
 * candidate model, the {@link RidgeCandidate} (latency as a polynomial of the features, fitted for relative error).
 * All are judged on the same held-out archs ({@link ModelInputs#prepare}). The registry gets the best of them
 * ({@link #chooseServed}), judged on training archs only, so the held-out figures stay honest.
 *
 * <p>Cost: per device, a {@code TrainValidationSplit} over {@value #GRID_SIZE} GBT settings on 80 % of the
 * training archs, then the best refit; about half a minute for 800 archs on 2 cores.
 */
public final class TrainModelsJob {
  static final int GRID_SIZE = 8;
  static final String FEATURES = "features";
  static final String PREDICTION = "prediction";
  /** The model name of the gradient-boosted trees in the metrics and predictions. */
  public static final String GBT = "gbt";
  /** The model name of the {@link RidgeCandidate} in the metrics and predictions. */
  public static final String INTERACTION_RIDGE = "interaction_ridge";

  /** Evaluations against the raw medians and against the drift-corrected ones. */
  public static final String RAW = "raw";
  public static final String DRIFT_CORRECTED = "drift_corrected";

  /**
   * One model's result on one device, against one target: {@link #RAW} (the measured medians) or
   * {@link #DRIFT_CORRECTED} (the medians with the device's drift at their measurement time taken out).
   */
  public record Evaluation(String device, String space, String model, String target, Metrics metrics, int nTrain) {}

  /** A held-out arch: its raw and corrected median, and what a model predicted for it. */
  public record TestPrediction(String model, String archId, double measuredMs, double correctedMs, double drift,
      double predictedMs) {}

  /**
   * A device's served model (the family named by {@code servedModel}, reading {@code servedFeatures} in their
   * order) with every model's evaluation, the GBT's feature importances, and every held-out prediction.
   */
  public record DeviceModels(String device, String space, PipelineModel served, String servedModel,
      List<String> servedFeatures, Map<String, Object> bestParams,
      List<Evaluation> evaluations, Map<String, Double> importances, List<TestPrediction> predictions,
      List<Row> drifts) {

    /** The family served and why, e.g. "interaction_ridge (±10 % on the 126 training archs ...: gbt 0.373, ...)". */
    public String servedChoice() {
      StringBuilder scores = new StringBuilder();
      ((Map<?, ?>) bestParams.get("validation_within_10")).forEach((model, score) -> scores.append(
          String.format(Locale.ROOT, "%s%s %.3f", scores.isEmpty() ? "" : ", ", model, (Double) score)));
      return servedModel + " (±10 % on the " + bestParams.get("validation_archs")
          + " training archs that judged every family: " + scores + ")";
    }
  }

  private final Lake lake;
  private long seed = 7;
  private int testPercent = 20;
  private List<String> devices = List.of();
  private boolean quick;
  private int driftNeighbours = DRIFT_NEIGHBOURS_DEFAULT;
  static final int DRIFT_NEIGHBOURS_DEFAULT = 3;

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

  /**
   * Training sessions on each side whose residuals estimate a session's drift ({@link DriftCorrection}); 0 turns
   * the correction off (models then learn the raw medians). 3 was best of 1..15 on the shared data's training
   * archs (the contention episodes last 10-20 sessions and begin and end abruptly).
   */
  public TrainModelsJob driftNeighbours(int neighbours) {
    if (neighbours < 0) {
      throw new IllegalArgumentException("drift neighbours must be 0 (off) or more, got " + neighbours);
    }
    this.driftNeighbours = neighbours;
    return this;
  }

  /** Only these devices (all when empty). */
  public TrainModelsJob devices(List<String> devices) {
    this.devices = List.copyOf(devices);
    return this;
  }

  /** Trains every device of the space's training set and records models and metrics in the lake. */
  public List<DeviceModels> run(SparkSession spark, String space) throws IOException {
    Dataset<Row> data = ModelInputs.prepare(ModelInputs.withMeasurementTimes(spark, lake,
        TrainingSet.read(spark, lake, space)), seed, testPercent).cache();
    List<String> todo = ModelInputs.devicesToRun(data, devices,
        d -> "no training data for device '" + d + "' in " + space);
    List<DeviceModels> out = new ArrayList<>();
    for (String device : todo) {
      spark.sparkContext().setJobGroup("train-" + device, "leti train " + space + " " + device, false);
      out.add(trainDevice(data.where(col(Columns.DEVICE_ID).equalTo(device)), device, space));
    }
    data.unpersist();
    new ModelRegistry(spark, lake).record(out, seed, testPercent);
    return out;
  }

  DeviceModels trainDevice(Dataset<Row> deviceData, String device, String space) {
    DriftEstimate drift = estimateDrift(deviceData, space);
    Dataset<Row> data = deviceData.join(drift.table(), Columns.ARCH_ID)
        .withColumn(ModelInputs.CORRECTED_LABEL, col(ModelInputs.LABEL).minus(col(ModelInputs.DRIFT)))
        .withColumn(ModelInputs.CORRECTED_MS, exp(col(ModelInputs.CORRECTED_LABEL)));
    Dataset<Row> train = data.where(col(ModelInputs.IS_TEST).equalTo(false)).cache();
    Dataset<Row> test = data.where(col(ModelInputs.IS_TEST)).cache();
    int nTrain = (int) train.count();
    List<String> featureCols = ModelInputs.featureColumns(space);

    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(featureCols.toArray(new String[0])).setOutputCol(FEATURES);
    GBTRegressor gbt = new GBTRegressor().setLabelCol(ModelInputs.CORRECTED_LABEL)
        .setFeaturesCol(assembler.getOutputCol()).setPredictionCol(PREDICTION).setSeed(seed).setStepSize(0.1);
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
        .setEvaluator(new RegressionEvaluator().setLabelCol(ModelInputs.CORRECTED_LABEL)
            .setPredictionCol(PREDICTION).setMetricName("rmse"))
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
    bestParams.put("driftNeighbours", drift.applied() ? driftNeighbours : 0);

    Map<String, PipelineModel> models = new LinkedHashMap<>();
    models.put(GBT, best);
    List<Baseline> baselines = Baseline.of(space);
    baselines.forEach(b -> models.put(b.name(), b.fit(train)));
    Map<String, List<TestPrediction>> heldByModel = new LinkedHashMap<>();
    models.forEach((model, m) -> heldByModel.put(model, testPredictions(model, m.transform(test))));
    RidgeFit ridge = ridge(train, test, featureCols);
    heldByModel.put(INTERACTION_RIDGE, ridge.predictions());
    bestParams.put("ridge", ridge.candidate().setting());
    // a pipeline of transformers only: fit() just keeps the stages
    models.put(INTERACTION_RIDGE, new Pipeline()
        .setStages(new PipelineStage[] {assembler, new RidgeLatencyModel(ridge.candidate())}).fit(train));
    String servedModel = chooseServed(pipeline, searched, train, baselines, ridge, bestParams);
    List<Evaluation> evaluations = new ArrayList<>();
    List<TestPrediction> held = new ArrayList<>();
    heldByModel.forEach((model, rows) -> {
      held.addAll(rows);
      evaluations.add(new Evaluation(device, space, model, RAW, Metrics.of(
          rows.stream().mapToDouble(TestPrediction::measuredMs).toArray(),
          rows.stream().mapToDouble(TestPrediction::predictedMs).toArray()), nTrain));
      if (drift.applied()) {
        evaluations.add(new Evaluation(device, space, model, DRIFT_CORRECTED, Metrics.of(
            rows.stream().mapToDouble(TestPrediction::correctedMs).toArray(),
            rows.stream().mapToDouble(TestPrediction::predictedMs).toArray()), nTrain));
      }
    });

    Map<String, Double> importances = new LinkedHashMap<>();
    double[] weights = fitted.featureImportances().toArray();
    for (int i = 0; i < weights.length; i++) {
      importances.put(featureCols.get(i), weights[i]);
    }
    List<Row> drifts = data.select(col(Columns.DEVICE_ID), col(Columns.ARCH_SPACE), col(Columns.ARCH_ID),
        col(Columns.LATENCY_MS), col(ModelInputs.DRIFT), col(ModelInputs.CORRECTED_MS), col(ModelInputs.MEASURED_AT),
        col(ModelInputs.IS_TEST)).orderBy(Columns.ARCH_ID).collectAsList();
    train.unpersist();
    test.unpersist();
    List<String> servedFeatures = baselines.stream().filter(b -> b.name().equals(servedModel))
        .map(Baseline::columns).findFirst().orElse(featureCols);
    return new DeviceModels(device, space, models.get(servedModel), servedModel, servedFeatures, bestParams,
        evaluations, importances, held, drifts);
  }

  /**
   * The family the registry keeps: the one with the best ±10 % accuracy (drift-corrected target) on the training
   * archs that chose the ridge's setting, every other family refitted on the other training archs (the GBT with its
   * best setting). On a tie the simpler family wins: the baselines, then the GBT, then the ridge. The held-out archs
   * take no part, so their figures stay an honest estimate for the model served. Records every score and the choice
   * in {@code params}.
   */
  private String chooseServed(Pipeline pipeline, TrainValidationSplitModel searched, Dataset<Row> train,
      List<Baseline> baselines, RidgeFit ridge, Map<String, Object> params) {
    double[] rmse = searched.validationMetrics();
    int bestSetting = 0;
    for (int i = 1; i < rmse.length; i++) {
      bestSetting = rmse[i] < rmse[bestSetting] ? i : bestSetting;
    }
    Column judged = col(Columns.ARCH_ID).isin(ridge.judgedArchs().toArray());
    Dataset<Row> others = train.where(functions.not(judged));
    Dataset<Row> judging = train.where(judged);
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Baseline b : baselines) {
      scores.put(b.name(), Metrics.of(b.fit(others), judging, ModelInputs.CORRECTED_MS).within10());
    }
    scores.put(GBT, Metrics.of(pipeline.fit(others, searched.getEstimatorParamMaps()[bestSetting]), judging,
        ModelInputs.CORRECTED_MS).within10());
    scores.put(INTERACTION_RIDGE, ridge.candidate().judgedWithin10());
    // the scores are in order of simplicity: the first of the best wins
    String chosen = baselines.get(0).name();
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      chosen = e.getValue() > scores.get(chosen) ? e.getKey() : chosen;
    }
    params.put("validation_within_10", scores);
    params.put("validation_archs", ridge.judgedArchs().size());
    params.put("model", chosen);
    return chosen;
  }

  /** The drift of every arch of a device (a table arch_id, drift) and whether it was estimated at all. */
  record DriftEstimate(Dataset<Row> table, boolean applied) {}

  /**
   * Estimates the drift ({@link DriftCorrection}) from the residuals of a log-linear model on
   * {@link ModelInputs#driftModelColumns}, fitted on the training archs; twice, the second fit on the targets
   * corrected by the first estimate, so that contention episodes do not bend the model that measures them. No
   * correction (drift 0) when it is turned off or an arch has no measurement time (aggregated tables).
   */
  private DriftEstimate estimateDrift(Dataset<Row> deviceData, String space) {
    SparkSession spark = deviceData.sparkSession();
    List<Row> keys = deviceData.select(col(Columns.ARCH_ID), col(ModelInputs.MEASURED_AT), col(ModelInputs.IS_TEST))
        .orderBy(Columns.ARCH_ID).collectAsList();
    int n = keys.size();
    boolean timed = keys.stream().noneMatch(r -> r.isNullAt(1));
    double[] drift = new double[n];
    if (driftNeighbours > 0 && timed && n > 0) {
      long[] times = keys.stream().mapToLong(r -> r.getLong(1)).toArray();
      boolean[] training = new boolean[n];
      for (int i = 0; i < n; i++) {
        training[i] = !keys.get(i).getBoolean(2);
      }
      for (int round = 0; round < 2; round++) {
        Dataset<Row> data = deviceData.join(driftTable(spark, keys, drift), Columns.ARCH_ID)
            .withColumn(ModelInputs.CORRECTED_LABEL, col(ModelInputs.LABEL).minus(col(ModelInputs.DRIFT)));
        VectorAssembler assembler = new VectorAssembler()
            .setInputCols(ModelInputs.driftModelColumns(space).toArray(new String[0])).setOutputCol(FEATURES);
        LinearRegression lr = new LinearRegression().setFeaturesCol(FEATURES).setPredictionCol(PREDICTION)
            .setLabelCol(ModelInputs.CORRECTED_LABEL);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {assembler, lr})
            .fit(data.where(col(ModelInputs.IS_TEST).equalTo(false)));
        List<Row> fitted = model.transform(data).select(col(ModelInputs.LABEL).minus(col(PREDICTION)))
            .orderBy(col(Columns.ARCH_ID)).collectAsList();
        double[] residuals = fitted.stream().mapToDouble(r -> r.getDouble(0)).toArray();
        drift = DriftCorrection.estimate(times, residuals, training, driftNeighbours);
      }
    }
    return new DriftEstimate(driftTable(spark, keys, drift), driftNeighbours > 0 && timed && n > 0);
  }

  private static Dataset<Row> driftTable(SparkSession spark, List<Row> keys, double[] drift) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      rows.add(RowFactory.create(keys.get(i).getString(0), drift[i]));
    }
    return spark.createDataFrame(rows, new StructType().add(Columns.ARCH_ID, DataTypes.StringType)
        .add(ModelInputs.DRIFT, DataTypes.DoubleType));
  }

  /**
   * The fitted ridge, its predictions for the test archs (in arch id order, like {@link #testPredictions}) and the
   * training archs that judged its settings.
   */
  record RidgeFit(RidgeCandidate candidate, List<TestPrediction> predictions, List<String> judgedArchs) {}

  /** The {@link RidgeCandidate} on the drift-corrected target, trained on the training archs in a seeded hash order. */
  private RidgeFit ridge(Dataset<Row> train, Dataset<Row> test, List<String> featureCols) {
    Column[] features = featureCols.stream().map(c -> col(c).cast("double")).toArray(Column[]::new);
    List<Row> trainRows = train.orderBy(xxhash64(col(Columns.ARCH_ID), lit(seed)))
        .select(concat(features, col(ModelInputs.CORRECTED_MS), col(Columns.ARCH_ID))).collectAsList();
    List<Row> testRows = test.orderBy(Columns.ARCH_ID).select(concat(features, col(Columns.ARCH_ID),
        col(Columns.LATENCY_MS), col(ModelInputs.CORRECTED_MS), col(ModelInputs.DRIFT))).collectAsList();
    int p = features.length;
    double[][] trainX = firstColumns(trainRows, p);
    double[] trainY = trainRows.stream().mapToDouble(r -> r.getDouble(p)).toArray();
    double[][] testX = firstColumns(testRows, p);
    RidgeCandidate fitted = RidgeCandidate.fit(trainX, trainY);
    double[] predicted = fitted.predict(testX);
    List<TestPrediction> out = new ArrayList<>();
    for (int i = 0; i < testX.length; i++) {
      Row r = testRows.get(i);
      out.add(new TestPrediction(INTERACTION_RIDGE, r.getString(p), r.getDouble(p + 1), r.getDouble(p + 2),
          r.getDouble(p + 3), predicted[i]));
    }
    List<String> judged = new ArrayList<>();
    for (int i = fitted.judgedFrom(); i < fitted.judgedTo(); i++) {
      judged.add(trainRows.get(i).getString(p + 1));
    }
    return new RidgeFit(fitted, out, judged);
  }

  /** The first p columns of each row, as doubles. */
  private static double[][] firstColumns(List<Row> rows, int p) {
    double[][] x = new double[rows.size()][p];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < p; j++) {
        x[i][j] = rows.get(i).getDouble(j);
      }
    }
    return x;
  }

  private static Column[] concat(Column[] first, Column... more) {
    Column[] out = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, out, first.length, more.length);
    return out;
  }

  private static List<TestPrediction> testPredictions(String model, Dataset<Row> predicted) {
    List<TestPrediction> out = new ArrayList<>();
    for (Row r : predicted.select(col(Columns.ARCH_ID), col(Columns.LATENCY_MS), col(ModelInputs.CORRECTED_MS),
        col(ModelInputs.DRIFT), exp(col(PREDICTION))).orderBy(Columns.ARCH_ID).collectAsList()) {
      out.add(new TestPrediction(model, r.getString(0), r.getDouble(1), r.getDouble(2), r.getDouble(3),
          r.getDouble(4)));
    }
    return out;
  }
}
