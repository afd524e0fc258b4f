package dev.leti.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * Registering again leaves an unchanged table's entry as it is (its creation time tells), yet the session sees its
 * new files and new partitions; a change of schema, location or view query replaces the entry.
 */
class TableRegistryTest {
  private static final StructType TWO = new StructType().add("id", DataTypes.StringType)
      .add("x", DataTypes.DoubleType);

  @TempDir Path dir;
  private final SparkSession spark = SharedSpark.session();
  private final TableRegistry registry = new TableRegistry(spark);

  @Test
  void anUnchangedTableKeepsItsEntryAndShowsItsNewFiles() throws Exception {
    String location = dir.resolve("t").toString();
    write(List.of(RowFactory.create("a", 1.0)), TWO, location);
    registry.registerParquet("registry_test_plain", location, TWO);
    long created = entry("registry_test_plain").createTime();
    assertThat(count("registry_test_plain")).isEqualTo(1);

    write(List.of(RowFactory.create("a", 1.0), RowFactory.create("b", 2.0)), TWO, location);
    registry.registerParquet("registry_test_plain", location, TWO);

    assertThat(entry("registry_test_plain").createTime()).isEqualTo(created);
    assertThat(count("registry_test_plain")).isEqualTo(2); // not the listing cached before the overwrite
  }

  @Test
  void aChangedSchemaOrLocationReplacesTheEntry() throws Exception {
    String first = dir.resolve("first").toString();
    write(List.of(RowFactory.create("a", 1.0)), TWO, first);
    registry.registerParquet("registry_test_changed", first, TWO);

    StructType three = TWO.add("y", DataTypes.LongType);
    write(List.of(RowFactory.create("a", 1.0, 7L)), three, first);
    registry.registerParquet("registry_test_changed", first, three);
    assertThat(entry("registry_test_changed").schema().fieldNames()).containsExactly("id", "x", "y");

    String second = dir.resolve("second").toString();
    write(List.of(RowFactory.create("a", 1.0, 7L), RowFactory.create("b", 2.0, 8L)), three, second);
    registry.registerParquet("registry_test_changed", second, three);
    assertThat(entry("registry_test_changed").storage().locationUri().get().getPath()).endsWith("/second");
    assertThat(count("registry_test_changed")).isEqualTo(2);
  }

  @Test
  void aNewPartitionFolderIsRecovered() throws Exception {
    String location = dir.resolve("p").toString();
    StructType schema = TWO.add("batch_id", DataTypes.StringType);
    spark.createDataFrame(List.of(RowFactory.create("a", 1.0, "b1"), RowFactory.create("b", 2.0, "b2")), schema)
        .write().partitionBy("batch_id").parquet(location);
    registry.registerParquet("registry_test_partitioned", location, schema, "batch_id");
    long created = entry("registry_test_partitioned").createTime();
    assertThat(count("registry_test_partitioned")).isEqualTo(2);

    spark.createDataFrame(List.of(RowFactory.create("c", 3.0, "b3")), schema)
        .write().mode(SaveMode.Append).partitionBy("batch_id").parquet(location);
    registry.registerParquet("registry_test_partitioned", location, schema, "batch_id");

    assertThat(entry("registry_test_partitioned").createTime()).isEqualTo(created);
    assertThat(count("registry_test_partitioned")).isEqualTo(3);
  }

  @Test
  void aViewTakesItsNewQuery() {
    registry.registerView("registry_test_view", "SELECT 1 AS one");
    registry.registerView("registry_test_view", "SELECT 1 AS one");
    assertThat(spark.table(Tables.qualified("registry_test_view")).columns()).containsExactly("one");

    registry.registerView("registry_test_view", "SELECT 2 AS two");
    assertThat(spark.table(Tables.qualified("registry_test_view")).columns()).containsExactly("two");
  }

  @Test
  void aTableAndAViewReplaceEachOtherUnderOneName() {
    // the training set was a table and is a view; a lake may meet either layout's code
    String location = dir.resolve("v").toString();
    write(List.of(RowFactory.create("a", 1.0)), TWO, location);
    registry.registerParquet("registry_test_either", location, TWO);
    registry.registerView("registry_test_either", "SELECT 'view' AS id");
    assertThat(spark.table(Tables.qualified("registry_test_either")).first().getString(0)).isEqualTo("view");

    registry.registerParquet("registry_test_either", location, TWO);
    assertThat(spark.table(Tables.qualified("registry_test_either")).first().getString(0)).isEqualTo("a");
    assertThat(new java.io.File(location)).as("dropping an entry keeps the data").isDirectory();
  }

  private void write(List<Row> rows, StructType schema, String location) {
    spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(location);
  }

  private long count(String table) {
    return spark.table(Tables.qualified(table)).count();
  }

  private CatalogTable entry(String table) {
    try {
      return spark.sessionState().catalog().getTableMetadata(new TableIdentifier(table, Option.apply(Tables.DATABASE)));
    } catch (Exception e) {
      throw new AssertionError("no metastore entry for " + table, e);
    }
  }
}
