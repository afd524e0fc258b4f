package dev.leti.jobs.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.stddev_samp;

import dev.leti.jobs.lake.Tables;
import dev.leti.jobs.model.ModelInputs;
import dev.leti.jobs.model.ModelRegistry;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Reads the report's tables from the lake's metastore (database {@code leti}) into {@link ReportData}. A table that
 * is not registered gives null (its section shows a note); "newest" is the greatest version or run id, which start
 * with their UTC time.
 *
 * <p>Cost: one small aggregation per table, everything collected to the driver; counting the rows of every table
 * reads Parquet footers only.
 */
final class ReportReader {
  /** Written by the train job: every held-out arch's prediction by every model. */
  static final String MODEL_PREDICTIONS = "model_predictions";
  /** Written by the transfer job. */
  static final String TRANSFER_MATRIX = "transfer_matrix";
  static final String TRANSFER_CURVES = "transfer_curves";
  static final int TOP_FEATURES = 10;

  private final SparkSession spark;
  private final Lake lake;

  ReportReader(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
  }

  ReportData read(long generatedAtMs) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + Tables.DATABASE);
    return new ReportData(header(generatedAtMs), served(), metrics(), importances(), predictions(), latencyBySpace(),
        transferMatrix(), transferCurves());
  }

  private boolean exists(String table) {
    return spark.catalog().tableExists(Tables.DATABASE, table);
  }

  private Dataset<Row> table(String table) {
    return spark.table(Tables.qualified(table));
  }

  /** Rows mapped to records, or null when the table is missing. */
  private <T> List<T> rows(String table, Function<Dataset<Row>, Dataset<Row>> query, Function<Row, T> record) {
    if (!exists(table)) {
      return null;
    }
    List<T> out = new ArrayList<>();
    query.apply(table(table)).collectAsList().forEach(r -> out.add(record.apply(r)));
    return out;
  }

  private ReportData.Header header(long generatedAtMs) {
    List<ReportData.TableRows> tableRows = new ArrayList<>();
    for (Row t : spark.sql("SHOW TABLES IN " + Tables.DATABASE).where("NOT isTemporary").orderBy("tableName")
        .collectAsList()) {
      String name = t.getString(1);
      try {
        tableRows.add(new ReportData.TableRows(name, table(name).count(), null));
      } catch (Exception e) { // a registration whose files are gone: shown, not fatal to the report
        tableRows.add(new ReportData.TableRows(name, -1, String.valueOf(e.getMessage()).lines().findFirst()
            .orElse(e.getClass().getSimpleName())));
      }
    }
    ReportData.PipelineRun run = null;
    if (exists(Tables.PIPELINE_RUNS)) {
      List<Row> newest = table(Tables.PIPELINE_RUNS).orderBy(desc("started_at_ms")).limit(1).collectAsList();
      if (!newest.isEmpty()) {
        Row r = newest.get(0);
        run = new ReportData.PipelineRun(r.getAs(Columns.PIPELINE_RUN_ID), r.<Long>getAs("started_at_ms"),
            r.<Long>getAs("finished_at_ms"), r.getAs("status"), r.<Boolean>getAs("reconciled"),
            new TreeMap<>(r.<String, Long>getJavaMap(r.fieldIndex("counts"))));
      }
    }
    return new ReportData.Header(lake.root(), generatedAtMs, run, tableRows);
  }

  /** The first row of each group by {@code order}. */
  private static Dataset<Row> newest(Dataset<Row> rows, Column order, String... groupBy) {
    return rows.withColumn("_rank", row_number().over(Window.partitionBy(columns(groupBy)).orderBy(order)))
        .where(col("_rank").equalTo(1)).drop("_rank");
  }

  /** Rows of the newest {@code version} of each group. */
  private static Dataset<Row> newestVersion(Dataset<Row> rows, String version, String... groupBy) {
    Dataset<Row> newest = rows.groupBy(columns(groupBy)).agg(max(version).as(version));
    List<String> joinKeys = new ArrayList<>(List.of(groupBy));
    joinKeys.add(version);
    return rows.join(newest, scala.collection.JavaConverters.asScalaBuffer(joinKeys).toSeq(), "left_semi");
  }

  private static Column[] columns(String... names) {
    return java.util.Arrays.stream(names).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /** What metrics were judged against; rows written before drift correction existed were judged against raw medians. */
  private static final String TARGET = "target";

  private static Dataset<Row> withTarget(Dataset<Row> metrics) {
    Column target = java.util.Arrays.asList(metrics.columns()).contains(TARGET)
        ? coalesce(col(TARGET), lit("raw")) : lit("raw");
    return metrics.withColumn(TARGET, target);
  }

  /** Per device with models, the version prediction uses ({@link ModelRegistry#currentVersion}) and its family. */
  private List<ReportData.ServedModel> served() {
    if (!exists(ModelRegistry.MODELS)) {
      return null;
    }
    String[] key = {Columns.DEVICE_ID, Columns.ARCH_SPACE, "version", "model"};
    // models trained before the family was recorded (session 4) served their GBT
    Dataset<Row> versions = table(ModelRegistry.MODELS).select(col(Columns.DEVICE_ID), col(Columns.ARCH_SPACE),
        col("version"), coalesce(get_json_object(col("hyperparameters"), "$.model"), lit("gbt")).as("model"));
    if (exists(ModelRegistry.MODEL_METRICS)) {
      Dataset<Row> raw = withTarget(table(ModelRegistry.MODEL_METRICS)).where(col(TARGET).equalTo("raw"));
      versions = versions.join(raw.select(col(Columns.DEVICE_ID), col(Columns.ARCH_SPACE), col("version"),
          col("model"), col("within_10")), key, "left");
    } else {
      versions = versions.withColumn("within_10", lit(null).cast("double"));
    }
    ModelRegistry registry = new ModelRegistry(spark, lake);
    Map<List<String>, VersionUsed> used = new java.util.HashMap<>();
    List<ReportData.ServedModel> out = new ArrayList<>();
    for (Row r : versions.orderBy(Columns.ARCH_SPACE, Columns.DEVICE_ID).collectAsList()) {
      String space = r.getAs(Columns.ARCH_SPACE);
      String device = r.getAs(Columns.DEVICE_ID);
      // the registry's files are read once per device, not once per version
      VersionUsed v = used.computeIfAbsent(List.of(space, device), k -> new VersionUsed(
          registry.currentVersion(space, device), registry.promotedVersion(space, device)));
      if (r.getAs("version").equals(v.current())) {
        out.add(new ReportData.ServedModel(device, space, v.current(), v.current().equals(v.promoted()),
            r.getAs("model"), number(r, "within_10")));
      }
    }
    return out;
  }

  /** A device's version prediction uses and its promoted version (null when none was promoted). */
  private record VersionUsed(String current, String promoted) {}

  private List<ReportData.MetricRow> metrics() {
    return rows(ModelRegistry.MODEL_METRICS,
        t -> newest(withTarget(t), desc("version"), Columns.DEVICE_ID, Columns.ARCH_SPACE, "model", TARGET)
            .orderBy(Columns.ARCH_SPACE, Columns.DEVICE_ID, "model", TARGET),
        r -> new ReportData.MetricRow(r.getAs(Columns.DEVICE_ID), r.getAs(Columns.ARCH_SPACE), r.getAs("version"),
            r.getAs("model"), r.getAs(TARGET), number(r, "rmse_ms"), number(r, "mape"), number(r, "within_5"),
            number(r, "within_10"),
            number(r, "spearman"), number(r, "kendall"), r.<Integer>getAs("n_train"), r.<Integer>getAs("n_test")));
  }

  private List<ReportData.Importance> importances() {
    return rows(ModelRegistry.FEATURE_IMPORTANCES, ReportReader::topFeatures,
        r -> new ReportData.Importance(r.getAs(Columns.DEVICE_ID), r.getAs(Columns.ARCH_SPACE), r.getAs("version"),
            r.getAs("feature"), number(r, "importance")));
  }

  /** The {@value #TOP_FEATURES} heaviest features of each device's newest model, heaviest first. */
  private static Dataset<Row> topFeatures(Dataset<Row> importances) {
    return newestVersion(importances, "version", Columns.DEVICE_ID, Columns.ARCH_SPACE)
        .withColumn("_rank", row_number().over(Window.partitionBy(col(Columns.DEVICE_ID), col(Columns.ARCH_SPACE))
            .orderBy(desc("importance"), col("feature"))))
        .where(col("_rank").leq(TOP_FEATURES))
        .orderBy(col(Columns.ARCH_SPACE), col(Columns.DEVICE_ID), col("_rank"));
  }

  private List<ReportData.Prediction> predictions() {
    return rows(MODEL_PREDICTIONS,
        t -> newestVersion(t, "model_version", Columns.DEVICE_ID, Columns.ARCH_SPACE)
            .orderBy(Columns.ARCH_SPACE, Columns.DEVICE_ID, "model", Columns.ARCH_ID),
        r -> new ReportData.Prediction(r.getAs(Columns.DEVICE_ID), r.getAs(Columns.ARCH_SPACE),
            r.getAs(Columns.ARCH_ID), r.getAs("model"), number(r, "measured_ms"), number(r, "predicted_ms")));
  }

  /** Median latency and MACs of every (device, arch) of each space's training set; empty when there is none. */
  private Map<String, List<ReportData.LatencyPoint>> latencyBySpace() {
    Map<String, List<ReportData.LatencyPoint>> out = new TreeMap<>();
    for (String space : List.of("nb101", "nb201")) {
      String macs = ModelInputs.macsColumn(space);
      List<ReportData.LatencyPoint> points = rows(Tables.trainingSet(space),
          t -> t.select(col(Columns.DEVICE_ID), col(Columns.ARCH_ID), col(macs).cast("double"),
              col(Columns.LATENCY_MS)).orderBy(Columns.DEVICE_ID, Columns.ARCH_ID),
          r -> new ReportData.LatencyPoint(r.getString(0), r.getString(1), number(r, 2), number(r, 3)));
      if (points != null) {
        out.put(space, points);
      }
    }
    return out;
  }

  private List<ReportData.TransferCell> transferMatrix() {
    return rows(TRANSFER_MATRIX,
        t -> newestVersion(t, "transfer_run_id", "space").orderBy("space", "source", "target", "k"),
        r -> new ReportData.TransferCell(r.getAs("space"), r.getAs("source"), r.getAs("target"),
            integer(r, "common_archs"), number(r, "spearman_zero_shot"), number(r, "kendall_zero_shot"),
            integer(r, "k"), number(r, "within10_recalibrated"), number(r, "spearman_recalibrated"),
            integer(r, "seeds")));
  }

  /** The newest run's curves, summed up over seeds per (target, method, k). */
  private List<ReportData.CurvePoint> transferCurves() {
    return rows(TRANSFER_CURVES,
        t -> newestVersion(t, "transfer_run_id", "space")
            .groupBy("space", "target", "method", "k")
            .agg(avg("within10").as("mean"), min("within10").as("min"), max("within10").as("max"),
                stddev_samp("within10").as("std"), count("seed").as("seeds"))
            .orderBy("space", "target", "method", "k"),
        r -> new ReportData.CurvePoint(r.getAs("space"), r.getAs("target"), r.getAs("method"), integer(r, "k"),
            number(r, "mean"), number(r, "min"), number(r, "max"), number(r, "std"), integer(r, "seeds")));
  }

  private static double number(Row r, String column) {
    return number(r, r.fieldIndex(column));
  }

  private static double number(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
  }

  private static int integer(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? 0 : ((Number) r.get(i)).intValue();
  }
}
