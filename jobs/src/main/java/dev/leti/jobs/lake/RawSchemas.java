package dev.leti.jobs.lake;

import dev.leti.lake.RawColumn;
import dev.leti.lake.RawTable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark schemas of the raw (bronze) layer, derived from {@link RawTable}, the one definition the collector writes
 * by. Every raw table also has the partition column {@code batch_id}.
 */
public final class RawSchemas {

  /** One inference. Temperature and clock are null when the device does not report them. */
  public static final StructType RUNS = of(RawTable.RUNS);

  /** One measurement session of one arch on one device. */
  public static final StructType SESSIONS = of(RawTable.SESSIONS);

  /** A device and what is known of it; {@code properties} keeps every key the source gave. */
  public static final StructType DEVICES = of(RawTable.DEVICES);

  /** One row of an external aggregated latency table (one value per device and arch, no runs behind it). */
  public static final StructType LATENCY_TABLES = of(RawTable.LATENCY_TABLES);

  private RawSchemas() {}

  static StructType of(RawTable table) {
    StructType schema = new StructType();
    for (RawColumn c : table.columns()) {
      schema = schema.add(c.name(), sparkType(c));
    }
    return schema;
  }

  private static DataType sparkType(RawColumn c) {
    return switch (c.type()) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case STRING_MAP -> DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
    };
  }
}
