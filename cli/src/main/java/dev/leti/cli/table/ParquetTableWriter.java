package dev.leti.cli.table;

import dev.leti.features.table.TableLayout;
import dev.leti.features.table.TableRow;
import dev.leti.lake.ParquetWriters;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Parquet (snappy) with {@code index} and features as INT64 and keys as UTF-8 strings; Spark reads it as is.
 * Rows go straight to Parquet's record consumer: no intermediate objects per value.
 */
final class ParquetTableWriter extends TableWriter {
  private final ParquetWriter<TableRow> writer;
  private boolean finished;

  ParquetTableWriter(TableLayout layout, String directory, String fileName) throws IOException {
    super(layout, directory, fileName);
    writer = ParquetWriters.builder(temporaryPath(), new RowWriteSupport(schema(layout)))
        .withConf(new Configuration())
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build();
  }

  static MessageType schema(TableLayout layout) {
    Types.MessageTypeBuilder schema = Types.buildMessage();
    schema.required(PrimitiveTypeName.INT64).named("index");
    for (String key : layout.keyColumns()) {
      schema.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(key);
    }
    for (String feature : layout.schema().names()) {
      schema.required(PrimitiveTypeName.INT64).named(feature);
    }
    return schema.named("leti_features");
  }

  @Override
  public void write(TableRow row) throws IOException {
    writer.write(row);
  }

  @Override
  protected void finish() throws IOException {
    if (!finished) {
      finished = true;
      writer.close();
    }
  }

  private static final class RowWriteSupport extends WriteSupport<TableRow> {
    private final MessageType schema;
    private RecordConsumer out;

    RowWriteSupport(MessageType schema) {
      this.schema = schema;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(TableRow row) {
      out.startMessage();
      int field = 0;
      writeLong(field++, row.index());
      for (String key : row.keys()) {
        out.startField(schema.getFieldName(field), field);
        out.addBinary(Binary.fromString(key));
        out.endField(schema.getFieldName(field), field);
        field++;
      }
      for (long f : row.features()) {
        writeLong(field++, f);
      }
      out.endMessage();
    }

    private void writeLong(int field, long value) {
      String name = schema.getFieldName(field);
      out.startField(name, field);
      out.addLong(value);
      out.endField(name, field);
    }
  }
}
