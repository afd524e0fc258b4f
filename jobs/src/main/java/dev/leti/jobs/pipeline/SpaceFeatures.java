package dev.leti.jobs.pipeline;

import dev.leti.features.table.SpaceRows;
import dev.leti.features.table.TableLayout;
import dev.leti.features.table.TableRow;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import dev.leti.jobs.lake.TableRegistry;
import dev.leti.jobs.lake.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The whole space with its features as a gold table ({@code space_features_<space>}): computed once, in Spark
 * tasks that call the features library, and recomputed only when the feature columns change. Columns:
 * {@code arch_space}, {@code arch_id} (NB-101 hash, NB-201 index), {@code space_index} (official order), the
 * space's descriptive keys, then every feature.
 *
 * <p>Cost: NB-101 is 423,624 rows, about 15 s of CPU once; NB-201 15,625 rows.
 */
public final class SpaceFeatures {
  private static final String FINGERPRINT_FILE = "_leti_columns";
  /** The table's arch ids, one per line (Spark skips files whose name starts with an underscore). */
  private static final String ARCH_IDS_FILE = "_leti_arch_ids";
  private static final Map<String, SpaceRows> ROWS_PER_JVM = new ConcurrentHashMap<>();

  private SpaceFeatures() {}

  /** Writes the whole space's table: {@code --space nb101|nb201 [--lake DIR] [--master M] ...}. */
  public static void main(String... args) {
    dev.leti.jobs.JobMain.main("space features", args, List.of("space"), (spark, lake, o) -> {
      String space = dev.leti.jobs.JobMain.require(o, "space");
      return space + ": " + ensure(spark, lake, space).count() + " archs in " + lake.spaceFeatures(space);
    });
  }

  /** The table of {@code space}, computed and written first if it is missing or stale. */
  public static Dataset<Row> ensure(SparkSession spark, Lake lake, String space) throws IOException {
    String location = lake.spaceFeatures(space);
    TableLayout layout = SpaceRows.layoutOf(space);
    StructType schema = schema(space, layout);
    String fingerprint = String.join(",", schema.fieldNames());
    FileSystem fs = new Path(location).getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path marker = new Path(location, FINGERPRINT_FILE);
    if (!fs.exists(marker) || !read(fs, marker).equals(fingerprint)) {
      compute(spark, space).write().mode(SaveMode.Overwrite).parquet(location);
      writeArchIds(fs, location, spark.read().schema(schema).parquet(location));
      try (OutputStream out = fs.create(marker, true)) {
        out.write(fingerprint.getBytes(StandardCharsets.UTF_8));
      }
      new TableRegistry(spark).registerParquet(Tables.spaceFeatures(space), location);
    }
    return spark.read().schema(schema).parquet(location); // the marker vouches for the columns: no footer read
  }

  /**
   * The arch ids of the space's table (after {@link #ensure}), read on the driver from the side file written with
   * the table: the run checks need all of them, and collecting the 423,624 NB-101 ids through Spark took 1–3 s. A
   * table written before the side file existed gets it now, once.
   */
  static List<UTF8String> archIds(SparkSession spark, Lake lake, String space) throws IOException {
    String location = lake.spaceFeatures(space);
    FileSystem fs = new Path(location).getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path file = new Path(location, ARCH_IDS_FILE);
    if (!fs.exists(file)) {
      writeArchIds(fs, location, spark.read().schema(schema(space, SpaceRows.layoutOf(space))).parquet(location));
    }
    byte[] bytes;
    try (var in = fs.open(file)) {
      bytes = in.readAllBytes();
    }
    List<UTF8String> ids = new ArrayList<>();
    for (int start = 0, end; start < bytes.length; start = end + 1) {
      end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      ids.add(UTF8String.fromBytes(bytes, start, end - start));
    }
    return ids;
  }

  /** Writes the side file of the table's arch ids, whole or not at all (written aside, then renamed). */
  private static void writeArchIds(FileSystem fs, String location, Dataset<Row> table) throws IOException {
    Path file = new Path(location, ARCH_IDS_FILE);
    Path partial = new Path(location, ARCH_IDS_FILE + ".partial");
    try (OutputStream out = new java.io.BufferedOutputStream(fs.create(partial, true), 1 << 20)) {
      for (Row r : table.select(Columns.ARCH_ID).collectAsList()) {
        out.write(r.getString(0).getBytes(StandardCharsets.UTF_8)); // ids are hashes or indices: no line breaks
        out.write('\n');
      }
    }
    fs.delete(file, false);
    if (!fs.rename(partial, file)) {
      throw new IOException("cannot move " + partial + " to " + file);
    }
  }

  /** Every arch of the space with its features, computed in parallel tasks. */
  public static Dataset<Row> compute(SparkSession spark, String space) {
    SpaceRows rows = SpaceRows.of(space);
    StructType schema = schema(space, rows.layout());
    int partitions = Math.max(2, spark.sparkContext().defaultParallelism() * 2);
    MapPartitionsFunction<Long, Row> toRows = indices -> new Iterator<>() {
      final SpaceRows local = ROWS_PER_JVM.computeIfAbsent(space, SpaceRows::of);

      @Override
      public boolean hasNext() {
        return indices.hasNext();
      }

      @Override
      public Row next() {
        return toRow(space, local.row(Math.toIntExact(indices.next())));
      }
    };
    return spark.range(0, rows.size(), 1, partitions).as(Encoders.LONG())
        .mapPartitions(toRows, Encoders.row(schema));
  }

  static StructType schema(String space, TableLayout layout) {
    StructType s = new StructType()
        .add(Columns.ARCH_SPACE, DataTypes.StringType, false)
        .add(Columns.ARCH_ID, DataTypes.StringType, false)
        .add("space_index", DataTypes.LongType, false);
    for (String key : descriptiveKeys(layout)) {
      s = s.add(key, DataTypes.StringType, false);
    }
    for (String f : layout.schema().names()) {
      s = s.add(f, DataTypes.LongType, false);
    }
    return s;
  }

  /** Keys other than the hash, which is the NB-101 arch id itself. */
  private static List<String> descriptiveKeys(TableLayout layout) {
    List<String> keys = new ArrayList<>(layout.keyColumns());
    keys.remove("hash");
    return keys;
  }

  private static Row toRow(String space, TableRow row) {
    List<Object> values = new ArrayList<>();
    values.add(space);
    boolean hashed = space.equals("nb101");
    values.add(hashed ? row.keys()[0] : String.valueOf(row.index()));
    values.add(row.index());
    for (int k = hashed ? 1 : 0; k < row.keys().length; k++) {
      values.add(row.keys()[k]);
    }
    for (long f : row.features()) {
      values.add(f);
    }
    return RowFactory.create(values.toArray());
  }

  private static String read(FileSystem fs, Path file) throws IOException {
    try (var in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
