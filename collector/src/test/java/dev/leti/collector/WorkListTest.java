package dev.leti.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.features.nb101.Nb101Cell;
import dev.leti.features.nb101.Nb101Space;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkListTest {

  /** A features table as `leti features enumerate --space nb101` writes it: index, hash, matrix, ops, features. */
  private static void writeNb101Table(Path file, List<Nb101Cell> cells) throws Exception {
    MessageType type = Types.buildMessage()
        .required(PrimitiveTypeName.INT64).named("index")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("hash")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("matrix")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("ops")
        .required(PrimitiveTypeName.INT64).named("params")
        .named("leti_features");
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
        .withConf(new Configuration()).withType(type).build()) {
      long i = 0;
      for (Nb101Cell c : cells) {
        StringBuilder bits = new StringBuilder();
        for (int[] row : c.matrix()) {
          for (int e : row) {
            bits.append(e);
          }
        }
        writer.write(groups.newGroup().append("index", i++).append("hash", c.hash()).append("matrix", bits.toString())
            .append("ops", String.join(",", c.ops())).append("params", 0L));
      }
    }
  }

  @Test
  void archsComeFromAFeaturesTableInItsOrderWithoutDuplicates(@TempDir Path dir) throws Exception {
    List<Nb101Cell> cells = Nb101Space.sample(5, 3);
    Path file = dir.resolve("nb101_features.parquet");
    writeNb101Table(file, List.of(cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(4), cells.get(0)));
    List<ArchRef> archs = WorkList.fromFeaturesTable("nb101", dir);
    assertThat(archs).extracting(ArchRef::id).containsExactly(cells.stream().map(Nb101Cell::hash).toArray(String[]::new));
    assertThat(WorkList.fromFeaturesTable("nb101", file)).extracting(ArchRef::id)
        .isEqualTo(archs.stream().map(ArchRef::id).toList());
  }

  @Test
  void aTableWithoutTheNeededColumnsIsAnErrorNamingThem(@TempDir Path dir) throws Exception {
    MessageType type = Types.buildMessage().required(PrimitiveTypeName.INT64).named("index").named("t");
    Path file = dir.resolve("t.parquet");
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
        .withConf(new Configuration()).withType(type).build()) {
      writer.write(new SimpleGroupFactory(type).newGroup().append("index", 7L));
    }
    assertThatThrownBy(() -> WorkList.fromFeaturesTable("nb101", file))
        .hasMessageContaining("an NB-101 features table needs 'matrix' and 'ops' columns");
    assertThat(WorkList.fromFeaturesTable("nb201", file)).extracting(ArchRef::id).containsExactly("7");
    Path empty = dir.resolve("empty");
    java.nio.file.Files.createDirectory(empty);
    assertThatThrownBy(() -> WorkList.fromFeaturesTable("nb101", empty)).hasMessageContaining("no Parquet file in it");
  }
}
