package dev.leti.jobs.pipeline;

import dev.leti.jobs.io.CsvSource;
import dev.leti.jobs.io.InputFiles;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import dev.leti.jobs.lake.RawSchemas;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Imports an external aggregated latency table ({@code source, device, arch_index|arch_hash, latency_ms}, like
 * the public NAS-Bench-201 tables) into the raw layer as one batch; the pipeline turns its valid rows into medians
 * marked {@code aggregated}. Each device of the table is profiled on import ({@link TableProfile}) so that
 * quantised, near-zero or duplicated columns are reported, not silently trained on.
 */
public final class ImportTableJob {
  static final Map<String, String> HEADER_ALIASES = Map.of("source", "table_source", "device", Columns.DEVICE_ID);
  private static final List<String> REQUIRED = List.of("table_source", Columns.DEVICE_ID, Columns.ARCH_SPACE,
      Columns.ARCH_ID, Columns.LATENCY_MS);

  /** What an import did, with one profile line per device. */
  public record Result(String batchId, boolean alreadyImported, long rows, List<TableProfile> profiles) {}

  private final Lake lake;
  private String csv;
  private String space;

  /** {@code --csv F --space nb101|nb201 [--lake DIR] [--master M] [--metastore-uris U]} */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.main("import table", args, List.of("csv", "space"), (spark, lake, o) ->
        new ImportTableJob(lake).csv(dev.leti.jobs.JobMain.require(o, "csv"))
            .space(dev.leti.jobs.JobMain.require(o, "space")).run(spark).toString());
  }

  public ImportTableJob(Lake lake) {
    this.lake = lake;
  }

  public ImportTableJob csv(String file) {
    this.csv = file;
    return this;
  }

  /** The space the table's arch ids belong to; it must agree with the arch column (arch_hash: nb101). */
  public ImportTableJob space(String space) {
    if (!List.of("nb101", "nb201").contains(space)) {
      throw new IllegalArgumentException("unknown search space '" + space + "'; known: nb101, nb201");
    }
    this.space = space;
    return this;
  }

  public Result run(SparkSession spark) throws IOException {
    if (csv == null || space == null) {
      throw new IllegalArgumentException("import table needs a CSV file and its space");
    }
    BatchWriter batch = new BatchWriter(spark, lake, "table",
        List.of(InputFiles.describe(csv, spark.sparkContext().hadoopConfiguration())),
        List.of(lake.rawLatencyTables()));
    if (batch.alreadyCommitted()) {
      return new Result(batch.batchId(), true, 0, List.of());
    }
    Dataset<Row> rows = CsvSource.read(spark, csv, RawSchemas.LATENCY_TABLES, REQUIRED, HEADER_ALIASES);
    long count = batch.stage(lake.rawLatencyTables(), "rows", rows, csv);
    Dataset<Row> staged = batch.staged(lake.rawLatencyTables());
    List<Row> otherSpace = staged.where(staged.col(Columns.ARCH_SPACE).notEqual(space)).limit(1).collectAsList();
    if (!otherSpace.isEmpty()) {
      throw new IllegalArgumentException(csv + ": its arch column is of space " + otherSpace.get(0)
          .getAs(Columns.ARCH_SPACE) + ", not " + space);
    }
    List<TableProfile> profiles = TableProfile.of(staged);
    batch.commit();
    ImportRunsJob.registerRawTables(spark, lake);
    return new Result(batch.batchId(), false, count, profiles);
  }
}
