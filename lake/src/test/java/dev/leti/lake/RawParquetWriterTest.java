package dev.leti.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawParquetWriterTest {
  @TempDir Path dir;

  @Test
  void rowsReadBackWithNullsAndMapsInTheLayoutSparkReads() throws Exception {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("d.parquet").toUri());
    Map<String, String> props = new LinkedHashMap<>();
    props.put("ro.product.model", "Pixel 7");
    props.put("empty", null);
    try (RawParquetWriter w = new RawParquetWriter(RawTable.DEVICES, file, new Configuration())) {
      w.write(new Object[] {"pixel", "android", null, "Pixel 7", "Google", null, null, null, null, "arm64-v8a", null,
          "tflite", props, "collector c"});
      w.write(new Object[] {"host", "host", null, null, null, null, null, null, null, null, null, null, Map.of(), null});
      assertThat(w.rows()).isEqualTo(2);
    }
    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).build()) {
      Group first = r.read();
      assertThat(first.getString("device_id", 0)).isEqualTo("pixel");
      assertThat(first.getFieldRepetitionCount("name")).as("null is absent").isZero();
      Group map = first.getGroup("properties", 0);
      assertThat(map.getFieldRepetitionCount("key_value")).isEqualTo(2);
      assertThat(map.getGroup("key_value", 0).getString("value", 0)).isEqualTo("Pixel 7");
      assertThat(map.getGroup("key_value", 1).getFieldRepetitionCount("value")).isZero();
      assertThat(r.read().getFieldRepetitionCount("properties")).as("an empty map is null").isZero();
    }
  }

  @Test
  void aRowOfTheWrongWidthOrTypeNamesTheColumn() throws Exception {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("r.parquet").toUri());
    try (RawParquetWriter w = new RawParquetWriter(RawTable.RUNS, file, new Configuration())) {
      assertThatThrownBy(() -> w.write(new Object[] {"x"})).hasMessageContaining("has 16 columns, got 1");
      Object[] row = new Object[16];
      row[RawTable.RUNS.indexOf(Columns.RUN_INDEX)] = "zero";
      assertThatThrownBy(() -> w.write(row)).hasMessageContaining("run_index");
    }
  }

  @Test
  void sessionsEndWithTheCollectorsStatusColumns() {
    var cols = RawTable.SESSIONS.columns();
    assertThat(cols.subList(cols.size() - 2, cols.size())).extracting(RawColumn::name)
        .containsExactly(Columns.STATUS, Columns.FAILURE);
    assertThat(RawParquetSchema.of(RawTable.RUNS).getFieldCount()).isEqualTo(RawTable.RUNS.columns().size());
  }
}
