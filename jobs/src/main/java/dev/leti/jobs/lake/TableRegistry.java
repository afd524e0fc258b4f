package dev.leti.jobs.lake;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Registers lake locations as external tables of the metastore so analysts can query them. Jobs read and write
 * by path; re-registering is idempotent (the table is replaced, never its data).
 */
public final class TableRegistry {
  private final SparkSession spark;

  public TableRegistry(SparkSession spark) {
    this.spark = spark;
    spark.sql("CREATE DATABASE IF NOT EXISTS " + Tables.DATABASE);
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
    spark.sql("DROP TABLE IF EXISTS " + name);
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(name).append(" (").append(schema.toDDL())
        .append(") USING parquet");
    if (partitionColumns.length > 0) {
      ddl.append(" PARTITIONED BY (").append(String.join(", ", partitionColumns)).append(')');
    }
    ddl.append(" LOCATION '").append(location.replace("'", "\\'")).append('\'');
    spark.sql(ddl.toString());
    if (partitionColumns.length > 0) {
      spark.sql("MSCK REPAIR TABLE " + name);
    }
  }

  /** A view (replacing a table of the same name left by an older layout, never its data). */
  public void registerView(String view, String select) {
    String name = Tables.qualified(view);
    if (spark.catalog().tableExists(name) && !"VIEW".equals(tableType(name))) {
      spark.sql("DROP TABLE " + name);
    }
    spark.sql("CREATE OR REPLACE VIEW " + name + " AS " + select);
  }

  private String tableType(String name) {
    try {
      return spark.catalog().getTable(name).tableType();
    } catch (org.apache.spark.sql.AnalysisException e) {
      throw new IllegalStateException("cannot read the metastore entry of " + name, e);
    }
  }

  /** A JSON table over a directory of JSON files (the batch commit log). */
  public void registerJson(String table, String location) {
    String name = Tables.qualified(table);
    spark.sql("DROP TABLE IF EXISTS " + name);
    spark.sql("CREATE TABLE " + name + " USING json LOCATION '" + location.replace("'", "\\'") + "'");
  }
}
