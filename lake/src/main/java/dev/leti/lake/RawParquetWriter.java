package dev.leti.lake;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of a raw table to one Parquet file (snappy) without Spark. A row is an {@code Object[]} in the
 * table's column order; null is a missing value. Values go straight to Parquet's record consumer.
 */
public final class RawParquetWriter implements Closeable {
  private final RawTable table;
  private final ParquetWriter<Object[]> writer;
  private long rows;

  public RawParquetWriter(RawTable table, Path file, Configuration conf) throws IOException {
    this.table = table;
    this.writer = ParquetWriters.builder(file, new RowWriteSupport(table)).withConf(conf)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build();
  }

  public void write(Object[] row) throws IOException {
    if (row.length != table.columns().size()) {
      throw new IllegalArgumentException("a row of raw " + table.directory() + " has "
          + table.columns().size() + " columns, got " + row.length);
    }
    writer.write(row);
    rows++;
  }

  public long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  private static final class RowWriteSupport extends WriteSupport<Object[]> {
    private final List<RawColumn> columns;
    private final MessageType schema;
    private RecordConsumer out;

    RowWriteSupport(RawTable table) {
      this.columns = table.columns();
      this.schema = RawParquetSchema.of(table);
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
    public void write(Object[] row) {
      out.startMessage();
      for (int i = 0; i < row.length; i++) {
        Object v = row[i];
        if (v == null) {
          continue; // optional field: absent is null
        }
        RawColumn c = columns.get(i);
        if (c.type() == ColumnType.STRING_MAP && ((Map<?, ?>) v).isEmpty()) {
          continue; // Parquet has no empty field; an empty map reads back as null
        }
        out.startField(c.name(), i);
        value(c, v);
        out.endField(c.name(), i);
      }
      out.endMessage();
    }

    private void value(RawColumn c, Object v) {
      try {
        switch (c.type()) {
          case STRING -> out.addBinary(Binary.fromString((String) v));
          case INT -> out.addInteger((Integer) v);
          case LONG -> out.addLong(((Number) v).longValue());
          case DOUBLE -> out.addDouble(((Number) v).doubleValue());
          case BOOLEAN -> out.addBoolean((Boolean) v);
          case STRING_MAP -> map((Map<?, ?>) v);
        }
      } catch (ClassCastException e) {
        throw new IllegalArgumentException("column " + c.name() + " (" + c.type() + ") cannot hold "
            + v.getClass().getSimpleName() + " " + v, e);
      }
    }

    private void map(Map<?, ?> map) {
      out.startGroup();
      out.startField(RawParquetSchema.MAP_ENTRY, 0);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.startGroup();
        out.startField(RawParquetSchema.MAP_KEY, 0);
        out.addBinary(Binary.fromString(String.valueOf(e.getKey())));
        out.endField(RawParquetSchema.MAP_KEY, 0);
        if (e.getValue() != null) {
          out.startField(RawParquetSchema.MAP_VALUE, 1);
          out.addBinary(Binary.fromString(String.valueOf(e.getValue())));
          out.endField(RawParquetSchema.MAP_VALUE, 1);
        }
        out.endGroup();
      }
      out.endField(RawParquetSchema.MAP_ENTRY, 0);
      out.endGroup();
    }
  }
}
