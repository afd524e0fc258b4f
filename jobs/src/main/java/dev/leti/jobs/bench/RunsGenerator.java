package dev.leti.jobs.bench;

import static dev.leti.lake.Columns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.leti.jobs.io.CsvSource;
import dev.leti.jobs.io.DevicesFile;
import dev.leti.lake.BatchLog;
import dev.leti.lake.Lake;
import dev.leti.jobs.lake.RawSchemas;
import dev.leti.jobs.pipeline.SpaceFeatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scales a real raw-run dataset to about N runs for benchmarks: every session is copied with a new session id
 * (suffix {@code -<copy>}), its runs and their noise unchanged, its start times shifted by a day per copy, and
 * each copy measures other NAS-Bench-101 archs (a fixed mapping over the space), so the medians grow with N like
 * a real campaign's. Writes one committed raw batch, in several files, each session's runs together.
 */
public final class RunsGenerator {
  private static final long DAY_MS = 86_400_000L;

  /** What was generated. */
  public record Generated(String batchId, long runs, long sessions, int copies) {}

  private RunsGenerator() {}

  public static Generated generate(SparkSession spark, Lake lake, String runsCsv, String sessionsCsv,
      String devicesJson, long targetRuns) throws IOException {
    Dataset<Row> sourceRuns = CsvSource.read(spark, runsCsv, RawSchemas.RUNS, List.of()).cache();
    long sourceCount = sourceRuns.count();
    int copies = (int) Math.max(1, Math.round((double) targetRuns / sourceCount));
    String batchId = "bench-" + copies + "x";
    BatchLog log = new BatchLog(lake, spark.sparkContext().hadoopConfiguration());
    for (BatchLog.Commit done : log.committed()) {
      if (done.batchId().equals(batchId)) { // a lake given again: measure on the runs already there
        sourceRuns.unpersist();
        return new Generated(batchId, done.rows().get("runs"), done.rows().get("sessions"), copies);
      }
    }
    Dataset<Row> copyIds = spark.range(0, copies, 1, Math.max(2, spark.sparkContext().defaultParallelism() * 4))
        .withColumnRenamed("id", "_copy");
    Dataset<Row> archMap = archMapping(spark, lake, sourceRuns, copies);

    // copy by copy, each a full pass over the source in its order: every session's runs stay together, as the
    // collector and the importer write them, and the copies spread over several files (one per partition)
    Dataset<Row> runs = copyIds.crossJoin(broadcast(sourceRuns))
        .join(broadcast(archMap), new String[] {ARCH_ID, "_copy"})
        .withColumn(ARCH_ID, col("_new_arch"))
        .withColumn(SESSION_ID, concat(col(SESSION_ID), lit("-"), col("_copy").cast("string")))
        .withColumn(STARTED_AT_MS, col(STARTED_AT_MS).plus(col("_copy").multiply(DAY_MS)))
        .withColumn(SOURCE, lit("generated from " + runsCsv))
        .select(RawSchemas.RUNS.fieldNames()[0], rest(RawSchemas.RUNS.fieldNames()));
    Dataset<Row> sessions = CsvSource.read(spark, sessionsCsv, RawSchemas.SESSIONS, List.of()).crossJoin(copyIds)
        .join(broadcast(archMap), new String[] {ARCH_ID, "_copy"})
        .withColumn(ARCH_ID, col("_new_arch"))
        .withColumn(SESSION_ID, concat(col(SESSION_ID), lit("-"), col("_copy").cast("string")))
        .select(RawSchemas.SESSIONS.fieldNames()[0], rest(RawSchemas.SESSIONS.fieldNames()));

    List<String> tables = List.of(lake.rawRuns(), lake.rawSessions(), lake.rawDevices());
    log.clearUncommitted(batchId, tables);
    runs.write().mode(SaveMode.Overwrite).parquet(log.stagingDir(batchId, lake.rawRuns()));
    sessions.write().mode(SaveMode.Overwrite).parquet(log.stagingDir(batchId, lake.rawSessions()));
    spark.createDataFrame(DevicesFile.read(devicesJson, spark.sparkContext().hadoopConfiguration()),
        RawSchemas.DEVICES).write().mode(SaveMode.Overwrite).parquet(log.stagingDir(batchId, lake.rawDevices()));
    long runCount = spark.read().parquet(log.stagingDir(batchId, lake.rawRuns())).count();
    long sessionCount = spark.read().parquet(log.stagingDir(batchId, lake.rawSessions())).count();
    log.commit(new BatchLog.Commit(batchId, "bench", System.currentTimeMillis(), "bench", List.of(),
        Map.of("runs", runCount, "sessions", sessionCount)), tables);
    sourceRuns.unpersist();
    return new Generated(batchId, runCount, sessionCount, copies);
  }

  /** (arch_id, _copy) -> _new_arch: copy k of the j-th source arch measures space arch (j * copies + k) mod size. */
  private static Dataset<Row> archMapping(SparkSession spark, Lake lake, Dataset<Row> sourceRuns, int copies)
      throws IOException {
    List<String> space = new ArrayList<>();
    SpaceFeatures.ensure(spark, lake, "nb101").orderBy("space_index").select(ARCH_ID).collectAsList()
        .forEach(r -> space.add(r.getString(0)));
    List<String> archs = new ArrayList<>();
    sourceRuns.select(ARCH_ID).distinct().orderBy(ARCH_ID).collectAsList().forEach(r -> archs.add(r.getString(0)));
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < archs.size(); j++) {
      for (int k = 0; k < copies; k++) {
        rows.add(RowFactory.create(archs.get(j), (long) k, space.get((int) (((long) j * copies + k) % space.size()))));
      }
    }
    return spark.createDataFrame(rows, new StructType().add(ARCH_ID, DataTypes.StringType)
        .add("_copy", DataTypes.LongType).add("_new_arch", DataTypes.StringType));
  }

  private static String[] rest(String[] names) {
    return java.util.Arrays.copyOfRange(names, 1, names.length);
  }
}
