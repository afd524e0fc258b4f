package dev.leti.lake;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** A raw table as a Parquet schema, laid out the way Spark writes and reads the same types. */
public final class RawParquetSchema {
  /** Spark's (and the Parquet spec's) names inside a map group. */
  static final String MAP_ENTRY = "key_value";
  static final String MAP_KEY = "key";
  static final String MAP_VALUE = "value";

  private RawParquetSchema() {}

  public static MessageType of(RawTable table) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (RawColumn c : table.columns()) {
      message.addField(field(c));
    }
    return message.named("leti_raw_" + table.directory());
  }

  private static Type field(RawColumn c) {
    return switch (c.type()) {
      case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
      case INT -> Types.optional(PrimitiveTypeName.INT32).named(c.name());
      case LONG -> Types.optional(PrimitiveTypeName.INT64).named(c.name());
      case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(c.name());
      case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
      case STRING_MAP -> Types.optionalGroup().as(LogicalTypeAnnotation.mapType())
          .repeatedGroup()
          .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(MAP_KEY)
          .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(MAP_VALUE)
          .named(MAP_ENTRY)
          .named(c.name());
    };
  }
}
