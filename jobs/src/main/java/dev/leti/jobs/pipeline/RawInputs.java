package dev.leti.jobs.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.leti.lake.BatchLog;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import dev.leti.jobs.lake.RawSchemas;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The committed content of the raw layer: only batches with a commit file count, each tagged with
 * {@code batch_seq}, its position in commit order (later batches win where metadata conflicts).
 */
public final class RawInputs {
  static final String BATCH_SEQ = "batch_seq";

  private final SparkSession spark;
  private final Lake lake;
  private final Dataset<Row> batches;
  private final int batchCount;
  private final List<String> batchIds;

  public RawInputs(SparkSession spark, Lake lake) throws IOException {
    this.spark = spark;
    this.lake = lake;
    List<BatchLog.Commit> committed = new BatchLog(lake, spark.sparkContext().hadoopConfiguration()).committed();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < committed.size(); i++) {
      rows.add(RowFactory.create(committed.get(i).batchId(), i));
    }
    this.batchCount = rows.size();
    this.batchIds = committed.stream().map(BatchLog.Commit::batchId).toList();
    this.batches = spark.createDataFrame(rows, new StructType()
        .add(Columns.BATCH_ID, DataTypes.StringType).add(BATCH_SEQ, DataTypes.IntegerType));
  }

  public int batchCount() {
    return batchCount;
  }

  /** The committed batches: {@code batch_id} and {@code batch_seq}. */
  public Dataset<Row> batches() {
    return batches;
  }

  /** Every committed run, with {@code batch_id} and {@code batch_seq}. */
  public Dataset<Row> runs() {
    return committed(lake.rawRuns(), RawSchemas.RUNS);
  }

  /**
   * Every committed run with its {@code batch_id} but no {@code batch_seq}: the committed batches are picked by
   * partition instead of joined, which costs nothing per run; {@link #batchIds} gives their order.
   */
  public Dataset<Row> committedRuns() {
    StructType withBatch = RawSchemas.RUNS.add(Columns.BATCH_ID, DataTypes.StringType);
    if (batchCount == 0 || !exists(lake.rawRuns())) {
      return spark.createDataFrame(List.of(), withBatch);
    }
    return spark.read().schema(withBatch).parquet(lake.rawRuns())
        .where(col(Columns.BATCH_ID).isin(batchIds().toArray()));
  }

  /** The committed batch ids in commit order: a batch's position is its {@code batch_seq}. */
  public List<String> batchIds() {
    return batchIds;
  }

  /** Every committed row of imported aggregated tables, with {@code batch_id} and {@code batch_seq}. */
  public Dataset<Row> latencyTables() {
    return committed(lake.rawLatencyTables(), RawSchemas.LATENCY_TABLES);
  }

  /** The newest readable description of each session (its runs are checked against it). */
  public Dataset<Row> sessions() {
    return newestPer(sessionLines().where(col(Columns.PARSE_ERROR).isNull()), Columns.SESSION_ID);
  }

  /**
   * Every committed line of the sessions table, older descriptions of a session and lines that could not be read
   * (a {@code parse_error}; they stay in the raw layer and are counted in every pipeline run) included.
   */
  public Dataset<Row> sessionLines() {
    return committed(lake.rawSessions(), RawSchemas.SESSIONS);
  }

  /**
   * The newest description of each device (the later batch wins; within a batch, the first line read), picked on the
   * driver into a local table: the devices table holds a few rows a batch, and a window over it cost a shuffle and
   * about 1 s at each pipeline run. Columns as {@link #committed}'s: batch_id, the device's, batch_seq.
   */
  public Dataset<Row> devices() {
    StructType read = RawSchemas.DEVICES.add(Columns.BATCH_ID, DataTypes.StringType);
    StructType schema = new StructType().add(Columns.BATCH_ID, DataTypes.StringType);
    for (var f : RawSchemas.DEVICES.fields()) {
      schema = schema.add(f);
    }
    schema = schema.add(BATCH_SEQ, DataTypes.IntegerType);
    if (batchCount == 0 || !exists(lake.rawDevices())) {
      return spark.createDataFrame(List.of(), schema);
    }
    Map<String, Integer> seqOf = new HashMap<>();
    for (int i = 0; i < batchIds.size(); i++) {
      seqOf.put(batchIds.get(i), i);
    }
    int device = read.fieldIndex(Columns.DEVICE_ID);
    int batch = read.fieldIndex(Columns.BATCH_ID);
    Map<String, Object[]> newest = new LinkedHashMap<>(); // a null device id is one key too
    for (Row r : spark.read().schema(read).parquet(lake.rawDevices())
        .where(col(Columns.BATCH_ID).isin(batchIds.toArray())).collectAsList()) {
      int seq = seqOf.get(r.getString(batch));
      Object[] kept = newest.get(r.getString(device));
      if (kept == null || (int) kept[kept.length - 1] < seq) {
        Object[] v = new Object[schema.size()];
        v[0] = r.getString(batch);
        for (int i = 0; i < RawSchemas.DEVICES.size(); i++) {
          v[i + 1] = r.get(i);
        }
        v[v.length - 1] = seq;
        newest.put(r.getString(device), v);
      }
    }
    List<Row> rows = new ArrayList<>();
    newest.values().forEach(v -> rows.add(RowFactory.create(v)));
    return spark.createDataFrame(rows, schema);
  }

  private Dataset<Row> committed(String location, StructType schema) {
    StructType withBatch = schema.add(Columns.BATCH_ID, DataTypes.StringType);
    if (batchCount == 0 || !exists(location)) {
      return spark.createDataFrame(List.of(), withBatch).withColumn(BATCH_SEQ, col(Columns.BATCH_ID).cast("int"));
    }
    // batches is tiny: a broadcast join keeps only committed batches without a shuffle
    return spark.read().schema(withBatch).parquet(location)
        .join(org.apache.spark.sql.functions.broadcast(batches), Columns.BATCH_ID);
  }

  private static Dataset<Row> newestPer(Dataset<Row> rows, String key) {
    return rows.withColumn("_rank", row_number().over(Window.partitionBy(key).orderBy(col(BATCH_SEQ).desc())))
        .where(col("_rank").equalTo(1)).drop("_rank");
  }

  private boolean exists(String location) {
    try {
      FileSystem fs = new Path(location).getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(new Path(location));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot reach " + location, e);
    }
  }
}
