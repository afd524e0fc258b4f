package dev.leti.jobs.pipeline;

import dev.leti.jobs.io.CsvSource;
import dev.leti.jobs.io.DevicesFile;
import dev.leti.jobs.io.InputFiles;
import dev.leti.lake.BatchLog;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import dev.leti.jobs.lake.RawSchemas;
import dev.leti.jobs.lake.TableRegistry;
import dev.leti.jobs.lake.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Imports an external raw-run CSV (the format of the nb101-h200-xeon dataset; gzip or plain), with its sessions
 * CSV and devices JSON when given, into the raw layer as one batch. The batch id is derived from the content of
 * the files, so importing the same files again is recognised and skipped. Nothing is visible before the batch's
 * commit: a corrupt file fails the import naming the file and leaves no trace.
 *
 * <p>Cost: one pass over each file to hash it, one to write it (Spark, one task per file since gzip is not
 * splittable).
 */
public final class ImportRunsJob {
  static final List<String> RUN_COLUMNS = List.of(Columns.DEVICE_ID, Columns.ARCH_SPACE, Columns.ARCH_ID,
      Columns.SESSION_ID, Columns.RUN_INDEX, Columns.WARMUP, Columns.LATENCY_MS, Columns.STARTED_AT_MS);
  static final List<String> SESSION_COLUMNS = List.of(Columns.SESSION_ID, Columns.DEVICE_ID);

  /** What an import did. */
  public record Result(String batchId, boolean alreadyImported, long runs, long sessions, long devices) {}

  private final Lake lake;
  private String runsCsv;
  private String sessionsCsv;
  private String devicesJson;

  /** {@code --csv F [--sessions F] [--devices F] [--lake DIR] [--master M] [--metastore-uris U]} */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.main("import runs", args, List.of("csv", "sessions", "devices"), (spark, lake, o) -> {
      Result r = new ImportRunsJob(lake).runs(dev.leti.jobs.JobMain.require(o, "csv")).sessions(o.get("sessions"))
          .devices(o.get("devices")).run(spark);
      return r.alreadyImported() ? "already imported as batch " + r.batchId() : r.toString();
    });
  }

  public ImportRunsJob(Lake lake) {
    this.lake = lake;
  }

  public ImportRunsJob runs(String csv) {
    this.runsCsv = require(csv, "runs CSV");
    return this;
  }

  public ImportRunsJob sessions(String csv) {
    this.sessionsCsv = csv;
    return this;
  }

  public ImportRunsJob devices(String json) {
    this.devicesJson = json;
    return this;
  }

  public Result run(SparkSession spark) throws IOException {
    if (runsCsv == null) {
      throw new IllegalArgumentException("no runs CSV given");
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<BatchLog.Source> sources = new ArrayList<>();
    sources.add(InputFiles.describe(runsCsv, conf));
    if (sessionsCsv != null) {
      sources.add(InputFiles.describe(sessionsCsv, conf));
    }
    if (devicesJson != null) {
      sources.add(InputFiles.describe(devicesJson, conf));
    }
    BatchWriter batch = new BatchWriter(spark, lake, "runs", sources,
        List.of(lake.rawRuns(), lake.rawSessions(), lake.rawDevices()));
    if (batch.alreadyCommitted()) {
      return new Result(batch.batchId(), true, 0, 0, 0);
    }
    spark.sparkContext().setJobGroup("import-" + batch.batchId(), "leti import runs " + runsCsv, false);
    long runs = batch.stage(lake.rawRuns(), "runs", CsvSource.read(spark, runsCsv, RawSchemas.RUNS, RUN_COLUMNS),
        runsCsv);
    long sessions = sessionsCsv == null ? 0 : batch.stage(lake.rawSessions(), "sessions",
        CsvSource.read(spark, sessionsCsv, RawSchemas.SESSIONS, SESSION_COLUMNS), sessionsCsv);
    long devices = devicesJson == null ? 0 : batch.stage(lake.rawDevices(), "devices",
        spark.createDataFrame(DevicesFile.read(devicesJson, conf), RawSchemas.DEVICES), devicesJson);
    batch.commit();
    registerRawTables(spark, lake);
    return new Result(batch.batchId(), false, runs, sessions, devices);
  }

  /** Registers the raw tables that have data, and the batch log. */
  static void registerRawTables(SparkSession spark, Lake lake) throws IOException {
    TableRegistry registry = new TableRegistry(spark);
    org.apache.hadoop.fs.FileSystem fs = new org.apache.hadoop.fs.Path(lake.root())
        .getFileSystem(spark.sparkContext().hadoopConfiguration());
    String[][] raw = {
        {Tables.RAW_RUNS, lake.rawRuns()},
        {Tables.RAW_SESSIONS, lake.rawSessions()},
        {Tables.RAW_DEVICES, lake.rawDevices()},
        {Tables.RAW_LATENCY_TABLES, lake.rawLatencyTables()}};
    for (String[] t : raw) {
      if (fs.exists(new org.apache.hadoop.fs.Path(t[1]))) {
        registry.registerParquet(t[0], t[1], Columns.BATCH_ID);
      }
    }
    registry.registerJson(Tables.BATCHES, lake.commits());
  }

  private static String require(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    return value;
  }
}
