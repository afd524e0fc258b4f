package dev.leti.jobs.pipeline;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.leti.lake.Lake;
import dev.leti.jobs.lake.TableRegistry;
import dev.leti.jobs.lake.Tables;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Every stage in one Spark session, in order: validate (quarantine) and clean (flags) in one read of the raw runs
 * ({@link ValidateAndClean}, which also writes the run flags and the sessions table: {@code clean_runs} is a view,
 * {@link CleanRunsView}, no copy of the runs) → medians (from the sessions) → training sets (medians ⋈ the space's
 * features; {@code arch_features_<space>} is a view). Each stage's output is written, then read back by the next,
 * so no stage is computed twice. Re-running
 * gives the same tables: derived tables are overwritten whole, and the raw layer only grows by committed batches.
 * The run is reconciled (rows in = clean + outliers + quarantined) and recorded in {@code pipeline_runs}; a
 * mismatch fails it.
 */
public final class PipelineJob {
  private static final String SPACES_CHECKED = "nb101,nb201";

  /** Counts of one run, in the order the stages produce them; wall and task CPU seconds per stage. */
  public record Result(String runId, Map<String, Long> counts, Map<String, Double> seconds,
      Map<String, Double> cpuSeconds, boolean reconciled) {
    public long count(String name) {
      return counts.getOrDefault(name, 0L);
    }

    /** The stages' seconds together: the pipeline's time. */
    public double totalSeconds() {
      return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /** The stages, in order; a run may stop after any of them. */
  public enum Stage { VALIDATE, CLEAN, MEDIANS, TRAINING_SET }

  private final Lake lake;
  private Stage until = Stage.TRAINING_SET;
  private final Map<String, StructType> schemas = new java.util.HashMap<>();
  /** The SQL of each space's training-set view, once the stage has counted it. */
  private final Map<String, String> trainingSetViews = new LinkedHashMap<>();
  private CleaningRules rules = CleaningRules.DEFAULT;

  /** Every stage: {@code [--until validate|clean|medians|training_set] [--lake DIR] [--master M] ...} */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.main("pipeline", args, List.of("until"), (spark, lake, o) -> {
      Stage stage = Stage.valueOf(o.getOrDefault("until", "training_set").toUpperCase(java.util.Locale.ROOT));
      Result r = new PipelineJob(lake).until(stage).run(spark);
      return r.runId() + " " + r.counts();
    });
  }

  public PipelineJob(Lake lake) {
    this.lake = lake;
  }

  /** Stops after this stage (its tables written, the earlier ones too). */
  public PipelineJob until(Stage stage) {
    this.until = java.util.Objects.requireNonNull(stage, "stage");
    return this;
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
    Stopwatch watch = new Stopwatch(spark);
    // every description of each session, collected first (the longest of the driver's reads): the checks keep the
    // newest (and carry it to the sessions table)
    CompletableFuture<SessionDirectory> sessionDirectory = SessionDirectory.inBackground(raw.sessionLines());
    Dataset<Row> runs = raw.committedRuns(); // no batch_seq: these reads need none
    Dataset<Row> devices = raw.devices();
    Dataset<Row> tableRows = raw.latencyTables();
    List<String> spaces = presentSpaces(spark, raw, runs, tableRows);

    Map<String, Dataset<Row>> features = new LinkedHashMap<>();
    Map<UTF8String, List<UTF8String>> archIds = new HashMap<>(); // what the runs are checked against
    for (String space : spaces) {
      features.put(space, SpaceFeatures.ensure(spark, lake, space));
      archIds.put(UTF8String.fromString(space), SpaceFeatures.archIds(spark, lake, space));
    }

    watch.lap("spaces_and_features");

    // validation and cleaning in one read of the raw runs; its side outputs wait in staging for the later stages
    String staging = lake.path("tmp/pipeline/" + runId);
    try {
      ValidateAndClean.Outcome pass = ValidateAndClean.run(spark, raw, sessionDirectory, devices, archIds, rules,
          staging);
      // the aggregated tables' rows are checked apart (most runs of the pipeline have none: then even planning their
      // checks cost 0.5–1 s); the quarantine keeps their one column of its own, table_source, all the same
      counts.put("table_rows_in", tableRows.count());
      boolean withTables = counts.get("table_rows_in") > 0;
      ValidateJob.Validated tables = withTables ? ValidateJob.validateTableRows(tableRows,
          validArchs(spark, features), runs.select(DEVICE_ID).distinct()) : null;
      Dataset<Row> runQuarantine = pass.quarantined().withColumn("row_kind", lit("run"));
      Dataset<Row> quarantine = written(spark, (withTables
          ? runQuarantine.unionByName(tables.quarantine().withColumn("row_kind", lit("table")), true)
          : runQuarantine.withColumn("table_source", lit(null).cast(DataTypes.StringType)))
          .withColumn(PIPELINE_RUN_ID, lit(runId)), lake.quarantine());
      written(spark, withTables ? devices.unionByName(tableDevices(tableRows, devices), true) : devices,
          lake.devices());
      counts.put("rows_in", pass.counts().get("rows_in"));
      for (String name : List.of("quarantined", "clean", "outliers", "warmups", "used")) {
        counts.put(name, pass.counts().get(name));
      }
      counts.put("sessions_shuffled", pass.splitSessions());
      counts.put("sorted_by_session", pass.sorted() ? 1L : 0L);
      counts.put("sessions_rejudged", pass.rejudgedSessions());
      counts.put("session_passes", (long) pass.passes());
      counts.put("table_rows_quarantined", withTables ? quarantine.where(col("row_kind").equalTo("table")).count()
          : 0);
      counts.put("table_rows_valid", counts.get("table_rows_in") - counts.get("table_rows_quarantined"));
      watch.lap("validate_and_clean_runs");
      if (until == Stage.VALIDATE) {
        return finish(spark, runId, started, counts, watch, spaces);
      }
      publishRunFlags(spark, pass.runFlags(), raw);

      publish(spark, pass.sessionsTable(), lake.sessions(), SessionPass.SESSIONS_TABLE);
      counts.put("sessions", pass.counts().get("sessions_judged")); // one row per judged session (checked above)
      counts.put("session_lines_unreadable", SessionDirectory.await(sessionDirectory).unreadableLines());
      counts.put("sessions_used", pass.counts().get("sessions_used"));
      watch.lap("sessions");
      if (until == Stage.CLEAN) {
        return finish(spark, runId, started, counts, watch, spaces);
      }

      // the pass's medians of archs with one session become the table's first files; the others are added to them
      publish(spark, pass.oneSessionMedians(), lake.latencyMedians(), MediansJob.Pooled.SCHEMA);
      MedianTally perSpace = pass.oneSessionTally(); // the other medians add to the pass's
      RowTally kinds = new RowTally(spark, "medians", "medians_aggregated");
      if (pass.anyOtherSession() || withTables) { // else the pass's medians are all: no job to write none
        Dataset<Row> otherMedians = MediansJob.fromSessions(pass.sessions());
        if (withTables) {
          otherMedians = otherMedians.unionByName(MediansJob.fromTables(tables.valid()));
        }
        kinds.counting(perSpace.tallying(otherMedians), MediansJob.kinds(otherMedians.schema())).write()
            .mode(SaveMode.Append).parquet(lake.latencyMedians());
      }
      counts.putAll(kinds.values());
      counts.put("medians", counts.get("medians") + pass.oneSessionMediansCount());
      watch.lap("medians");
      if (until == Stage.MEDIANS) {
        return finish(spark, runId, started, counts, watch, spaces);
      }
      trainingSets(spark, features, perSpace.value(), counts);
      watch.lap("features_and_training_sets");
      return finish(spark, runId, started, counts, watch, spaces);
    } finally {
      watch.stop();
      Path dir = new Path(staging);
      dir.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(dir, true);
    }
  }

  /**
   * Moves the run flags of this run into the lake and records the batches it judged: with the raw runs, what the
   * {@code clean_runs} view is made of. A lake of the older layout loses its copy of the runs ({@code clean/runs}).
   */
  private void publishRunFlags(SparkSession spark, String staged, RawInputs raw) throws IOException {
    publish(spark, staged, lake.path(CleanRunsView.RUN_FLAGS_PATH), RunFlags.SCHEMA);
    written(spark, raw.batches().coalesce(1), lake.path(CleanRunsView.CLEAN_BATCHES_PATH));
    Path old = new Path(lake.cleanRuns());
    old.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(old, true);
  }

  /** Moves a table the pass wrote in staging to its place in the lake, replacing the previous one. */
  private void publish(SparkSession spark, String staged, String location, StructType schema) throws IOException {
    Path target = new Path(location);
    org.apache.hadoop.fs.FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fs.delete(target, true);
    fs.mkdirs(target.getParent());
    if (fs.listStatus(new Path(staged)).length == 0) { // no task had a row: still a table with its schema
      spark.createDataFrame(List.of(), schema).write().parquet(location);
    } else if (!fs.rename(new Path(staged), target)) {
      throw new IOException("cannot move " + staged + " to " + location);
    }
    schemas.put(location, schema);
  }

  /**
   * Counts the training set of each space (medians joined with the space's features; a view, {@link TrainingSet},
   * like {@code arch_features_<space>}): its rows, and its distinct archs, which are the rows of
   * {@code arch_features_<space>}. Every median's arch passed validation against this very features table, so each
   * median has its feature row, and both counts are those of the medians, tallied per space as they were written
   * (nothing is read again: at 10M runs counting them from the written medians took 0.9–2.8 s, through a join with
   * the 423,624 feature keys 2.3 s). A lake of the older layout loses its written copies.
   *
   * @param features the features table of each space present, as the run checked the archs against it
   * @param perSpace the tally of every median this run wrote
   */
  private void trainingSets(SparkSession spark, Map<String, Dataset<Row>> features,
      Map<String, MedianTally.Count> perSpace, Map<String, Long> counts) throws IOException {
    long mediansCount = counts.get("medians") + counts.get("medians_aggregated");
    long tallied = perSpace.values().stream().mapToLong(MedianTally.Count::rows).sum();
    if (tallied != mediansCount) {
      throw new IllegalStateException("wrote " + mediansCount + " medians but tallied " + tallied + " per space");
    }
    for (String space : features.keySet()) {
      MedianTally.Count c = perSpace.getOrDefault(space, new MedianTally.Count(0, 0));
      counts.put("arch_features_" + space, c.archs());
      counts.put("training_set_" + space, c.rows());
      trainingSetViews.put(space, TrainingSet.viewQuery(space, Tables.qualified(Tables.LATENCY_MEDIANS),
          MediansJob.Pooled.SCHEMA.fieldNames(), Tables.qualified(Tables.spaceFeatures(space)),
          features.get(space).columns(), mediansCount));
      for (String stale : List.of(lake.archFeatures(space), lake.trainingSet(space))) {
        Path path = new Path(stale);
        path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
      }
    }
  }

  /** Checks the reconciliation, records the run, registers what was written; throws when it does not reconcile. */
  private Result finish(SparkSession spark, String runId, long started, Map<String, Long> counts, Stopwatch watch,
      List<String> spaces) throws IOException {
    boolean reconciled = counts.get("rows_in") == counts.get("clean") + counts.get("outliers")
        + counts.get("quarantined")
        && counts.get("table_rows_in") == counts.get("table_rows_valid") + counts.get("table_rows_quarantined")
        && counts.getOrDefault("medians_aggregated", counts.get("table_rows_valid"))
            .equals(counts.get("table_rows_valid"));
    recordRun(spark, runId, started, counts, reconciled);
    register(spark, spaces);
    if (!reconciled) {
      throw new IllegalStateException("run " + runId + " does not reconcile: rows in " + counts.get("rows_in")
          + " != clean " + counts.get("clean") + " + outliers " + counts.get("outliers") + " + quarantined "
          + counts.get("quarantined") + ", or table rows in " + counts.get("table_rows_in") + " != valid "
          + counts.get("table_rows_valid") + " + quarantined " + counts.get("table_rows_quarantined")
          + " (aggregated medians " + counts.get("medians_aggregated") + ")");
    }
    return new Result(runId, counts, watch.laps(), watch.cpuLaps(), true);
  }

  /** (arch_space, arch_id) of every arch of the spaces' features: what the aggregated tables' rows are joined with. */
  private static Dataset<Row> validArchs(SparkSession spark, Map<String, Dataset<Row>> features) {
    Dataset<Row> valid = spark.createDataFrame(List.of(), new StructType()
        .add(ARCH_SPACE, DataTypes.StringType).add(ARCH_ID, DataTypes.StringType));
    for (Dataset<Row> f : features.values()) {
      valid = valid.unionByName(f.select(ARCH_SPACE, ARCH_ID));
    }
    return valid;
  }

  /** Devices known only from aggregated tables, described by the table they come from. */
  private static Dataset<Row> tableDevices(Dataset<Row> tableRows, Dataset<Row> devices) {
    return tableRows.where(col(DEVICE_ID).isNotNull())
        .groupBy(DEVICE_ID).agg(org.apache.spark.sql.functions.first("table_source").as(SOURCE))
        .join(devices.select(DEVICE_ID), new String[] {DEVICE_ID}, "left_anti")
        .withColumn("kind", lit("external-table"));
  }

  /** Wall and task CPU seconds per stage, in order. */
  private static final class Stopwatch {
    private final SparkSession spark;
    private final TaskCpu cpu;
    private final Map<String, Double> laps = new LinkedHashMap<>();
    private final Map<String, Double> cpuLaps = new LinkedHashMap<>();
    private long last = System.nanoTime();

    Stopwatch(SparkSession spark) {
      this.spark = spark;
      this.cpu = TaskCpu.attach(spark);
    }

    void lap(String stage) {
      long now = System.nanoTime();
      laps.put(stage, (now - last) / 1e9);
      cpuLaps.put(stage, cpu.take(spark));
      last = System.nanoTime(); // the drain of the listener bus is no stage's time
    }

    Map<String, Double> laps() {
      return laps;
    }

    Map<String, Double> cpuLaps() {
      return cpuLaps;
    }

    void stop() {
      cpu.detach(spark);
    }
  }

  /**
   * The checked spaces of the runs and the table rows: the runs' from their Parquet footers when those tell
   * ({@link RunSpaces}), else, like the table rows', by a distinct over the rows.
   */
  private static List<String> presentSpaces(SparkSession spark, RawInputs raw, Dataset<Row> runs,
      Dataset<Row> tableRows) throws IOException {
    Set<String> fromFooters = RunSpaces.fromFooters(runs.inputFiles(), raw.batchIds(),
        spark.sparkContext().hadoopConfiguration());
    Set<String> present = new HashSet<>();
    Dataset<Row> counted = tableRows.select(ARCH_SPACE);
    if (fromFooters == null) {
      counted = runs.select(ARCH_SPACE).unionByName(counted);
    } else {
      present.addAll(fromFooters);
    }
    for (Row r : counted.distinct().collectAsList()) {
      present.add(r.getString(0)); // null: no space, quarantined as a missing field
    }
    List<String> spaces = new ArrayList<>();
    for (String space : SPACES_CHECKED.split(",")) {
      if (present.contains(space)) {
        spaces.add(space);
      }
    }
    return spaces;
  }

  /** Writes a stage's output (replacing the whole table, stale partitions included) and reads it back. */
  private Dataset<Row> written(SparkSession spark, Dataset<Row> data, String location, String... partitionBy) {
    data.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "static").partitionBy(partitionBy)
        .parquet(location);
    Dataset<Row> back = spark.read().schema(data.schema()).parquet(location);
    schemas.put(location, back.schema());
    return back;
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
    String[][] tables = {
        {Tables.QUARANTINE, lake.quarantine()},
        {Tables.DEVICES, lake.devices()},
        {CleanRunsView.RUN_FLAGS, lake.path(CleanRunsView.RUN_FLAGS_PATH)},
        {CleanRunsView.CLEAN_BATCHES, lake.path(CleanRunsView.CLEAN_BATCHES_PATH)},
        {Tables.SESSIONS, lake.sessions()},
        {Tables.LATENCY_MEDIANS, lake.latencyMedians()}};
    for (String[] t : tables) {
      if (schemas.containsKey(t[1])) {
        registry.registerParquet(t[0], t[1], schemas.get(t[1]), java.util.Arrays.copyOfRange(t, 2, t.length));
      }
    }
    Path rawRuns = new Path(lake.rawRuns());
    if (schemas.containsKey(lake.path(CleanRunsView.RUN_FLAGS_PATH))
        && rawRuns.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(rawRuns)) {
      CleanRunsView.register(registry); // a lake of imported tables alone has no runs to view
    }
    registry.registerParquet(Tables.PIPELINE_RUNS, lake.pipelineRuns());
    for (String space : spaces) {
      registry.registerParquet(Tables.spaceFeatures(space), lake.spaceFeatures(space));
      String view = trainingSetViews.get(space);
      if (view != null) {
        registry.registerView(Tables.archFeatures(space), "SELECT * FROM "
            + Tables.qualified(Tables.spaceFeatures(space))
            + " f LEFT SEMI JOIN " + Tables.qualified(Tables.LATENCY_MEDIANS)
            + " m ON f.arch_space = m.arch_space AND f.arch_id = m.arch_id");
        registry.registerView(Tables.trainingSet(space), view);
      }
    }
  }
}
