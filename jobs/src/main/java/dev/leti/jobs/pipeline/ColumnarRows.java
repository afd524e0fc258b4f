package dev.leti.jobs.pipeline;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.execution.datasources.FileScanRDD;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The rows of a Parquet scan read straight from its column batches: each row is a view of the batch (Spark copies
 * every row into a new buffer otherwise), and a string column still dictionary-encoded in the batch gives its
 * dictionary id, so a reader can tell a value equal to the previous row's without decoding it. Runs of a session
 * repeat their session, device and arch ids row after row; comparing ids instead of bytes is most of what the
 * pass saves here.
 */
final class ColumnarRows implements Iterator<InternalRow> {
  /**
   * A Dataset's partitions, read as rows: views of its column batches when it is a plain columnar file scan (columns
   * picked and partitions pruned, nothing computed or filtered per row), else Spark's own rows. The batches may hold
   * more columns than the Dataset (the partition columns): find columns by name in {@link #schema}.
   */
  static final class Input {
    private final Dataset<Row> data;
    /** Null when the Dataset is not a plain columnar scan. */
    private final FileSourceScanExec scan;

    private Input(Dataset<Row> data, FileSourceScanExec scan) {
      this.data = data;
      this.scan = scan;
    }

    StructType schema() {
      return scan == null ? data.schema() : scan.schema();
    }

    /**
     * Whether some file is read in pieces by several partitions (then the runs of a session could lie in two of
     * them); true when the Dataset is not a plain columnar scan, as nothing is known of its partitions.
     */
    boolean splitsFiles() {
      if (scan == null || !(scan.inputRDD() instanceof FileScanRDD files)) {
        return true;
      }
      for (FilePartition p : scala.collection.JavaConverters.seqAsJavaList(files.filePartitions())) {
        for (PartitionedFile f : p.files()) {
          if (f.start() > 0 || f.length() < f.fileSize()) {
            return true;
          }
        }
      }
      return false;
    }

    /** {@code f} over each partition's rows ({@link ColumnarRows} when read from batches). */
    <T> JavaRDD<T> mapPartitions(FlatMapFunction<Iterator<InternalRow>, T> f) {
      return scan == null ? data.queryExecution().toRdd().toJavaRDD().mapPartitions(f)
          : scan.executeColumnar().toJavaRDD().mapPartitions(in -> f.call(new ColumnarRows(in)));
    }
  }

  private final Iterator<ColumnarBatch> batches;
  private ColumnarBatch batch;
  private WritableColumnVector[] dictionaries;
  /** Columns with one value for the whole batch (the partition columns): dictionary id 0 on every row. */
  private boolean[] constant;
  /** Columns with a null somewhere in the batch: for the others a reader need not ask each row. */
  private boolean[] withNulls;
  private int rowId;
  private long batchNumber;

  ColumnarRows(Iterator<ColumnarBatch> batches) {
    this.batches = batches;
  }

  /** The partitions of {@code data}, from its column batches when it is a plain scan. */
  static Input of(Dataset<Row> data) {
    SparkPlan plan = data.queryExecution().executedPlan();
    if (plan instanceof WholeStageCodegenExec w) {
      plan = w.child();
    }
    if (plan instanceof ProjectExec p && p.projectList().forall(e -> e instanceof AttributeReference)) {
      plan = p.child(); // columns picked: the scan's batches hold them, and the partition columns
    }
    if (plan instanceof ColumnarToRowExec c) {
      plan = c.child() instanceof InputAdapter in ? in.child() : c.child();
      if (plan instanceof FileSourceScanExec scan && scan.supportsColumnar() && scan.dataFilters().isEmpty()) {
        return new Input(data, scan);
      }
    }
    return new Input(data, null);
  }

  @Override
  public boolean hasNext() {
    while (batch == null || rowId + 1 >= batch.numRows()) {
      if (!batches.hasNext()) {
        return false;
      }
      batch = batches.next();
      rowId = -1;
      batchNumber++;
      dictionaries = new WritableColumnVector[batch.numCols()];
      constant = new boolean[batch.numCols()];
      withNulls = new boolean[batch.numCols()];
      for (int i = 0; i < dictionaries.length; i++) {
        ColumnVector v = batch.column(i);
        withNulls[i] = v.hasNull();
        if (v instanceof WritableColumnVector w && w.hasDictionary()) {
          dictionaries[i] = w;
        }
        constant[i] = v instanceof ConstantColumnVector;
      }
    }
    return true;
  }

  /** A view of the next row: valid until the row after it is taken. */
  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return batch.getRow(++rowId);
  }

  /**
   * The dictionary id of the current row's value in that column (0 in a column constant over the batch), or -1
   * when the column is not encoded so or the value is null.
   */
  int dictionaryId(int column) {
    if (constant[column]) {
      return 0;
    }
    WritableColumnVector w = dictionaries[column];
    return w == null || w.isNullAt(rowId) ? -1 : w.getDictionaryIds().getInt(rowId);
  }

  /**
   * Whether the row's value in that column is null. From column batches ({@code from} not null, the row its
   * current one) the row is asked only when its batch has nulls in the column.
   */
  static boolean isNullAt(ColumnarRows from, InternalRow row, int column) {
    return from == null ? row.isNullAt(column) : from.withNulls[column] && row.isNullAt(column);
  }

  /** Counts the batches read: dictionary ids compare within one batch only. */
  long batchNumber() {
    return batchNumber;
  }
}
