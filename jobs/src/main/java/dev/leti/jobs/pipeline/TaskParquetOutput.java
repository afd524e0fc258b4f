package dev.leti.jobs.pipeline;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A second Parquet output of a Spark task, beside the one its job writes: lets one pass over the raw runs write the
 * clean runs (the job's output) and the small tables that come out of the same rows (sessions, quarantine) without
 * reading or caching the runs again. Spark's own Parquet writer, so the files are what {@code df.write.parquet}
 * makes. Each partition writes at most one file, {@code part-<partition>.parquet}, under a hidden name first and
 * renamed when complete, so a retried or speculative task replaces its file instead of adding one.
 */
final class TaskParquetOutput implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String dir;
  private final StructType schema;
  private final OutputWriterFactory factory;
  private final SerializableConfiguration conf;

  /**
   * @param dictionaryColumns the only columns written with dictionary encoding: few distinct values, like device
   *     ids (for columns of mostly distinct values a dictionary is built, then dropped, for every page: wasted CPU)
   */
  TaskParquetOutput(SparkSession spark, String dir, StructType schema, String... dictionaryColumns) {
    this.dir = dir;
    this.schema = schema;
    try {
      Job job = Job.getInstance(spark.sessionState().newHadoopConf());
      job.getConfiguration().setBoolean(ParquetOutputFormat.ENABLE_DICTIONARY, false);
      for (String c : dictionaryColumns) {
        job.getConfiguration().setBoolean(ParquetOutputFormat.ENABLE_DICTIONARY + "#" + schema.apply(c).name(), true);
      }
      this.factory = new ParquetFileFormat().prepareWrite(spark, job,
          scala.collection.immutable.Map$.MODULE$.<String, String>empty(), schema);
      this.conf = new SerializableConfiguration(job.getConfiguration());
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(conf.value());
      fs.delete(path, true);
      fs.mkdirs(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }

  String dir() {
    return dir;
  }

  StructType schema() {
    return schema;
  }

  /** The writer of the current task's file; opened on its first row, so empty partitions write nothing. */
  Writer writer() {
    return new Writer();
  }

  final class Writer implements AutoCloseable {
    private OutputWriter out;
    private Path hidden;

    void write(InternalRow row) {
      if (out == null) {
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        int attempt = task == null ? 0 : task.attemptNumber();
        hidden = new Path(dir, String.format("_part-%05d-%d.parquet", partition, attempt));
        TaskAttemptID id = new TaskAttemptID("leti", 0, TaskType.MAP, partition, attempt);
        out = factory.newInstance(hidden.toString(), schema, new TaskAttemptContextImpl(conf.value(), id));
      }
      out.write(row);
    }

    /** Closes the file and gives it its visible name. */
    @Override
    public void close() {
      if (out == null) {
        return;
      }
      out.close();
      out = null;
      try {
        FileSystem fs = hidden.getFileSystem(conf.value());
        Path visible = new Path(dir, hidden.getName().substring(1).replaceFirst("-\\d+\\.parquet$", ".parquet"));
        fs.delete(visible, false);
        if (!fs.rename(hidden, visible)) {
          throw new IOException("rename to " + visible + " failed");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot complete " + hidden, e);
      }
    }
  }
}
