package dev.leti.jobs.pipeline;

import dev.leti.lake.BatchLog;
import dev.leti.lake.Lake;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one raw batch of an import: its id comes from the content of the input files, each table is staged,
 * and {@link #commit()} makes the whole batch visible at once (see {@link BatchLog}).
 */
final class BatchWriter {
  private final SparkSession spark;
  private final BatchLog log;
  private final String kind;
  private final List<BatchLog.Source> sources;
  private final List<String> tables;
  private final String batchId;
  private final Map<String, Long> rows = new LinkedHashMap<>();

  /** @param tables the raw table directories this kind of batch writes */
  BatchWriter(SparkSession spark, Lake lake, String kind, List<BatchLog.Source> sources, List<String> tables) {
    this.spark = spark;
    this.log = new BatchLog(lake, spark.sparkContext().hadoopConfiguration());
    this.kind = kind;
    this.sources = sources;
    this.tables = tables;
    this.batchId = Batches.idFor(kind, sources);
  }

  String batchId() {
    return batchId;
  }

  /** True when these very files were imported before; otherwise clears what an interrupted import left. */
  boolean alreadyCommitted() throws IOException {
    if (log.isCommitted(batchId)) {
      return true;
    }
    log.clearUncommitted(batchId, tables);
    return false;
  }

  /** Writes one table of the batch to staging and returns its row count; an unreadable input names its file. */
  long stage(String table, String name, Dataset<Row> data, String file) {
    String dir = log.stagingDir(batchId, table);
    try {
      data.write().mode(SaveMode.Overwrite).parquet(dir);
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      throw new IllegalArgumentException("cannot read " + file + ": " + rootMessage(e), e);
    }
    long count = spark.read().parquet(dir).count();
    rows.put(name, count);
    return count;
  }

  Dataset<Row> staged(String table) {
    return spark.read().parquet(log.stagingDir(batchId, table));
  }

  void commit() throws IOException {
    log.commit(new BatchLog.Commit(batchId, kind, System.currentTimeMillis(), Batches.letiVersion(), sources, rows),
        tables);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
