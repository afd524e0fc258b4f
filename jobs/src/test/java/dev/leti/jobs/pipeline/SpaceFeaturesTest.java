package dev.leti.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.jobs.SharedSpark;
import dev.leti.lake.Columns;
import dev.leti.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arch ids the run checks read without Spark are the table's, also for a table written before the side file. */
class SpaceFeaturesTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void theArchIdsAreTheTablesAndAreWrittenOnceForAnOlderTable(@TempDir Path dir) throws Exception {
    Lake lake = new Lake(dir.toString());
    List<String> table = SpaceFeatures.ensure(spark, lake, "nb201").select(Columns.ARCH_ID).as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(table).hasSize(15_625);

    assertThat(ids(lake)).containsExactlyInAnyOrderElementsOf(table);

    Path side = Path.of(lake.spaceFeatures("nb201"), "_leti_arch_ids");
    Files.delete(side); // as a table written by an older leti
    assertThat(ids(lake)).containsExactlyInAnyOrderElementsOf(table);
    assertThat(side).exists();
    assertThat(spark.read().parquet(lake.spaceFeatures("nb201")).count()).as("Spark skips the side file")
        .isEqualTo(15_625);
  }

  private List<String> ids(Lake lake) throws Exception {
    return SpaceFeatures.archIds(spark, lake, "nb201").stream().map(UTF8String::toString).toList();
  }
}
