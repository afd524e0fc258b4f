package dev.leti.jobs.pipeline;

import static dev.leti.jobs.lake.Columns.*;
import static org.apache.spark.sql.functions.col;

import dev.leti.jobs.lake.Lake;
import dev.leti.jobs.lake.TableRegistry;
import dev.leti.jobs.lake.Tables;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Every stage in one Spark session, in order: validate (quarantine) → clean (flags) → medians → features of the
 * archs present → training sets. Each stage's output is written, then read back by the next, so no stage is
 * computed twice. Re-running gives the same tables: derived tables are overwritten whole, and the raw layer only
 * grows by committed batches. The run is reconciled (rows in = clean + outliers + quarantined) and recorded in
 * {@code pipeline_runs}; a mismatch fails it.
 */
public final class PipelineJob {
  private static final String SPACES_CHECKED = "nb101,nb201";

  /** Counts of one run, in the order the stages produce them. */
  public record Result(String runId, Map<String, Long> counts, boolean reconciled) {
    public long count(String name) {
      return counts.getOrDefault(name, 0L);
    }
  }

  private final Lake lake;
  private CleaningRules rules = CleaningRules.DEFAULT;

  public PipelineJob(Lake lake) {
    this.lake = lake;
  }

  public PipelineJob rules(CleaningRules rules) {
    this.rules = rules;
    return this;
  }

  public Result run(SparkSession spark) throws IOException {
    String runId = "run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
        .format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
    long started = System.currentTimeMillis();
    spark.sparkContext().setJobGroup(runId, "leti pipeline " + runId + " on " + lake.root(), false);
    RawInputs raw = new RawInputs(spark, lake);
    if (raw.batchCount() == 0) {
      throw new IllegalStateException("nothing to process in " + lake.root() + ": import runs first");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    Dataset<Row> runs = raw.runs();
    Dataset<Row> devices = raw.devices();
    Dataset<Row> sessionMetadata = raw.sessions();
    List<String> spaces = presentSpaces(runs);

    Dataset<Row> validArchs = null;
    for (String space : spaces) {
      Dataset<Row> ids = SpaceFeatures.ensure(spark, lake, space).select(ARCH_SPACE, ARCH_ID);
      validArchs = validArchs == null ? ids : validArchs.unionByName(ids);
    }
    if (validArchs == null) {
      validArchs = spark.createDataFrame(List.of(), new StructType()
          .add(ARCH_SPACE, DataTypes.StringType).add(ARCH_ID, DataTypes.StringType));
    }

    ValidateJob.Validated validated = ValidateJob.validate(runs, sessionMetadata, devices, validArchs);
    Dataset<Row> valid = validated.valid().persist(StorageLevel.MEMORY_AND_DISK());
    write(validated.quarantine().withColumn(PIPELINE_RUN_ID, org.apache.spark.sql.functions.lit(runId)),
        lake.quarantine());
    write(devices, lake.devices());

    CleanJob.Cleaned cleaned = CleanJob.clean(valid, sessionMetadata, rules);
    write(cleaned.runs(), lake.cleanRuns(), DEVICE_ID);
    write(cleaned.sessions(), lake.sessions());
    valid.unpersist();
    Dataset<Row> cleanRuns = spark.read().parquet(lake.cleanRuns());
    Dataset<Row> sessions = spark.read().parquet(lake.sessions());

    write(MediansJob.medians(cleanRuns, sessions), lake.latencyMedians());
    Dataset<Row> medians = spark.read().parquet(lake.latencyMedians());

    counts.put("rows_in", runs.count());
    counts.put("quarantined", spark.read().parquet(lake.quarantine()).count());
    counts.put("outliers", cleanRuns.where(col(CleanJob.IS_OUTLIER)).count());
    counts.put("clean", cleanRuns.where(org.apache.spark.sql.functions.not(col(CleanJob.IS_OUTLIER))).count());
    counts.put("warmups", cleanRuns.where(col(WARMUP)).count());
    counts.put("used", cleanRuns.where(col(CleanJob.USED)).count());
    counts.put("sessions", sessions.count());
    counts.put("session_lines_unreadable", raw.unreadableSessions().count());
    counts.put("sessions_used", sessions.where(col("session_used")).count());
    counts.put("medians", medians.count());

    for (String space : spaces) {
      Dataset<Row> features = SpaceFeatures.ensure(spark, lake, space)
          .join(medians.select(ARCH_SPACE, ARCH_ID).distinct(), new String[] {ARCH_SPACE, ARCH_ID}, "left_semi");
      write(features, lake.archFeatures(space));
      Dataset<Row> training = TrainingSet.of(medians.where(col(ARCH_SPACE).equalTo(space)),
          spark.read().parquet(lake.archFeatures(space)));
      write(training, lake.trainingSet(space));
      counts.put("arch_features_" + space, spark.read().parquet(lake.archFeatures(space)).count());
      counts.put("training_set_" + space, spark.read().parquet(lake.trainingSet(space)).count());
    }

    boolean reconciled = counts.get("rows_in") == counts.get("clean") + counts.get("outliers")
        + counts.get("quarantined");
    recordRun(spark, runId, started, counts, reconciled);
    register(spark, spaces);
    if (!reconciled) {
      throw new IllegalStateException("run " + runId + " does not reconcile: rows in " + counts.get("rows_in")
          + " != clean " + counts.get("clean") + " + outliers " + counts.get("outliers") + " + quarantined "
          + counts.get("quarantined"));
    }
    return new Result(runId, counts, true);
  }

  private static List<String> presentSpaces(Dataset<Row> runs) {
    List<String> spaces = new ArrayList<>();
    for (Row r : runs.select(ARCH_SPACE).distinct().collectAsList()) {
      String space = r.getString(0);
      if (space != null && List.of(SPACES_CHECKED.split(",")).contains(space)) {
        spaces.add(space);
      }
    }
    spaces.sort(null);
    return spaces;
  }

  private static void write(Dataset<Row> data, String location, String... partitionBy) {
    // a full recompute replaces the whole table, stale partitions included
    data.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "static").partitionBy(partitionBy)
        .parquet(location);
  }

  private void recordRun(SparkSession spark, String runId, long started, Map<String, Long> counts,
      boolean reconciled) {
    StructType schema = new StructType()
        .add(PIPELINE_RUN_ID, DataTypes.StringType)
        .add("started_at_ms", DataTypes.LongType)
        .add("finished_at_ms", DataTypes.LongType)
        .add("lake", DataTypes.StringType)
        .add("status", DataTypes.StringType)
        .add("reconciled", DataTypes.BooleanType)
        .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType));
    Row row = RowFactory.create(runId, started, System.currentTimeMillis(), lake.root(),
        reconciled ? "ok" : "failed", reconciled,
        scala.collection.JavaConverters.mapAsScalaMap(counts).toMap(scala.Predef.$conforms()));
    spark.createDataFrame(List.of(row), schema).coalesce(1).write().mode(SaveMode.Append).parquet(lake.pipelineRuns());
  }

  private void register(SparkSession spark, List<String> spaces) throws IOException {
    ImportRunsJob.registerRawTables(spark, lake);
    TableRegistry registry = new TableRegistry(spark);
    registry.registerParquet(Tables.QUARANTINE, lake.quarantine());
    registry.registerParquet(Tables.DEVICES, lake.devices());
    registry.registerParquet(Tables.CLEAN_RUNS, lake.cleanRuns(), DEVICE_ID);
    registry.registerParquet(Tables.SESSIONS, lake.sessions());
    registry.registerParquet(Tables.LATENCY_MEDIANS, lake.latencyMedians());
    registry.registerParquet(Tables.PIPELINE_RUNS, lake.pipelineRuns());
    for (String space : spaces) {
      registry.registerParquet(Tables.archFeatures(space), lake.archFeatures(space));
      registry.registerParquet(Tables.trainingSet(space), lake.trainingSet(space));
      registry.registerParquet(Tables.spaceFeatures(space), lake.spaceFeatures(space));
    }
  }
}
