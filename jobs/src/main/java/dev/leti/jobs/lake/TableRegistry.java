package dev.leti.jobs.lake;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.NoSuchDatabaseException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Registers lake locations as external tables of the metastore so analysts can query them. Jobs read and write
 * by path; re-registering is idempotent: a table or view is replaced (never its data) only when its entry would
 * change, and partitions are recovered only when the lake holds partitions the metastore does not list. Dropping
 * and creating an entry costs the embedded metastore about half a second; a pipeline run registers about fifteen,
 * nearly always unchanged.
 */
public final class TableRegistry {
  private final SparkSession spark;
  private final SessionCatalog catalog;

  public TableRegistry(SparkSession spark) {
    this.spark = spark;
    this.catalog = spark.sessionState().catalog();
    if (!catalog.databaseExists(Tables.DATABASE)) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + Tables.DATABASE);
    }
  }

  /**
   * A Parquet table over {@code location} with the schema of the data there, partitioned by
   * {@code partitionColumns} (may be none).
   */
  public void registerParquet(String table, String location, String... partitionColumns) {
    registerParquet(table, location, spark.read().parquet(location).schema(), partitionColumns);
  }

  /** As above with a known schema (a table may be empty: then its files cannot tell). */
  public void registerParquet(String table, String location, StructType schema, String... partitionColumns) {
    String name = Tables.qualified(table);
    CatalogTable entry = entry(table);
    boolean kept = entry != null && sameTable(entry, "parquet", location)
        && sameColumns(entry, schema, partitionColumns);
    if (kept) {
      spark.catalog().refreshTable(name); // its files may have changed: this session must not list the old ones
    } else {
      // a view of that name (a newer layout's) goes too, never any data
      boolean view = entry != null && entry.tableType() == CatalogTableType.VIEW();
      spark.sql((view ? "DROP VIEW " : "DROP TABLE IF EXISTS ") + name);
      StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(name).append(" (").append(schema.toDDL())
          .append(") USING parquet");
      if (partitionColumns.length > 0) {
        ddl.append(" PARTITIONED BY (").append(String.join(", ", partitionColumns)).append(')');
      }
      ddl.append(" LOCATION '").append(location.replace("'", "\\'")).append('\'');
      spark.sql(ddl.toString());
    }
    if (partitionColumns.length > 0 && (!kept || unlistedPartitions(table, location))) {
      spark.sql("MSCK REPAIR TABLE " + name);
    }
  }

  /** A view (replacing a table of the same name left by an older layout, never its data). */
  public void registerView(String view, String select) {
    String name = Tables.qualified(view);
    CatalogTable entry = entry(view);
    if (entry != null && entry.tableType() == CatalogTableType.VIEW() && entry.viewText().isDefined()
        && entry.viewText().get().equals(select)) {
      return;
    }
    if (entry != null && entry.tableType() != CatalogTableType.VIEW()) {
      spark.sql("DROP TABLE " + name);
    }
    spark.sql("CREATE OR REPLACE VIEW " + name + " AS " + select);
  }

  /** A JSON table over a directory of JSON files (the batch commit log). */
  public void registerJson(String table, String location) {
    String name = Tables.qualified(table);
    CatalogTable entry = entry(table);
    if (entry != null && sameTable(entry, "json", location)) {
      spark.catalog().refreshTable(name);
      return;
    }
    spark.sql("DROP TABLE IF EXISTS " + name);
    spark.sql("CREATE TABLE " + name + " USING json LOCATION '" + location.replace("'", "\\'") + "'");
  }

  /** The metastore's entry of the table or view, or null. */
  private CatalogTable entry(String table) {
    TableIdentifier id = new TableIdentifier(table, Option.apply(Tables.DATABASE));
    try {
      return catalog.tableExists(id) ? catalog.getTableMetadata(id) : null;
    } catch (NoSuchDatabaseException | NoSuchTableException e) {
      return null;
    }
  }

  /** An external table of this format over this location (compared once qualified, e.g. {@code file:/...}). */
  private boolean sameTable(CatalogTable entry, String provider, String location) {
    return entry.tableType() == CatalogTableType.EXTERNAL() && entry.provider().isDefined()
        && entry.provider().get().equals(provider) && entry.storage().locationUri().isDefined()
        && entry.storage().locationUri().get().equals(qualified(location));
  }

  /**
   * The same columns, names and types in the same order, the partition columns last as Spark stores them; the
   * metastore does not keep nullability, so types are compared without it.
   */
  private static boolean sameColumns(CatalogTable entry, StructType schema, String... partitionColumns) {
    List<String> partitions = List.of(partitionColumns);
    List<StructField> expected = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!partitions.contains(f.name())) {
        expected.add(f);
      }
    }
    for (String p : partitions) {
      expected.add(schema.apply(p));
    }
    StructField[] actual = entry.schema().fields();
    if (actual.length != expected.size()
        || !JavaConverters.seqAsJavaList(entry.partitionColumnNames()).equals(partitions)) {
      return false;
    }
    for (int i = 0; i < actual.length; i++) {
      if (!actual[i].name().equals(expected.get(i).name())
          || !actual[i].dataType().catalogString().equals(expected.get(i).dataType().catalogString())) {
        return false;
      }
    }
    return true;
  }

  /** Whether the location holds more partition folders than the metastore lists (one listing of each). */
  private boolean unlistedPartitions(String table, String location) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      int folders = 0;
      for (FileStatus s : fs.listStatus(path)) {
        folders += s.isDirectory() && s.getPath().getName().contains("=") ? 1 : 0;
      }
      return folders != catalog.listPartitions(new TableIdentifier(table, Option.apply(Tables.DATABASE)),
          Option.empty()).size();
    } catch (Exception e) { // an unreadable folder, a table gone meanwhile (Scala declares no exceptions)
      return true; // cannot tell: recover them
    }
  }

  private URI qualified(String location) {
    Path path = new Path(location);
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path).toUri();
    } catch (IOException e) {
      throw new IllegalStateException("cannot resolve the file system of " + location, e);
    }
  }
}
