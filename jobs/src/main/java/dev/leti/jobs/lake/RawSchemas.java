package dev.leti.jobs.lake;

import static dev.leti.jobs.lake.Columns.*;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the raw (bronze) layer, designed for real devices: what the collector writes and importers map
 * external files to. Every raw table also has the partition column {@code batch_id}.
 */
public final class RawSchemas {

  /** One inference. Temperature and clock are null when the device does not report them. */
  public static final StructType RUNS = new StructType()
      .add(DEVICE_ID, DataTypes.StringType)
      .add(ARCH_SPACE, DataTypes.StringType)
      .add(ARCH_ID, DataTypes.StringType)
      .add(SESSION_ID, DataTypes.StringType)
      .add(RUN_INDEX, DataTypes.IntegerType)
      .add(WARMUP, DataTypes.BooleanType)
      .add(LATENCY_MS, DataTypes.DoubleType)
      .add(STARTED_AT_MS, DataTypes.LongType)
      .add(TEMPERATURE_C, DataTypes.DoubleType)
      .add(CLOCK_MHZ, DataTypes.DoubleType)
      .add(BACKEND, DataTypes.StringType)
      .add(RUNNER_VERSION, DataTypes.StringType)
      .add(RUNTIME_VERSION, DataTypes.StringType)
      .add(SOURCE, DataTypes.StringType)
      .add(SOURCE_LINE, DataTypes.LongType)
      .add(PARSE_ERROR, DataTypes.StringType);

  /** One measurement session of one arch on one device. */
  public static final StructType SESSIONS = new StructType()
      .add(SESSION_ID, DataTypes.StringType)
      .add(DEVICE_ID, DataTypes.StringType)
      .add(ARCH_SPACE, DataTypes.StringType)
      .add(ARCH_ID, DataTypes.StringType)
      .add(INIT_MS, DataTypes.DoubleType)
      .add(FIRST_INFERENCE_MS, DataTypes.DoubleType)
      .add(PARAMS, DataTypes.LongType)
      .add(BACKEND, DataTypes.StringType)
      .add(SOURCE, DataTypes.StringType)
      .add(SOURCE_LINE, DataTypes.LongType)
      .add(PARSE_ERROR, DataTypes.StringType);

  /** A device and what is known of it; {@code properties} keeps every key the source gave. */
  public static final StructType DEVICES = new StructType()
      .add(DEVICE_ID, DataTypes.StringType)
      .add("kind", DataTypes.StringType)
      .add("name", DataTypes.StringType)
      .add("model", DataTypes.StringType)
      .add("manufacturer", DataTypes.StringType)
      .add("soc", DataTypes.StringType)
      .add("gpu", DataTypes.StringType)
      .add("os_version", DataTypes.StringType)
      .add("driver_version", DataTypes.StringType)
      .add("abi", DataTypes.StringType)
      .add("precision", DataTypes.StringType)
      .add("framework", DataTypes.StringType)
      .add("properties", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
      .add(SOURCE, DataTypes.StringType);

  /** One row of an external aggregated latency table (one value per device and arch, no runs behind it). */
  public static final StructType LATENCY_TABLES = new StructType()
      .add("table_source", DataTypes.StringType)
      .add(DEVICE_ID, DataTypes.StringType)
      .add(ARCH_SPACE, DataTypes.StringType)
      .add(ARCH_ID, DataTypes.StringType)
      .add(LATENCY_MS, DataTypes.DoubleType)
      .add(SOURCE, DataTypes.StringType)
      .add(SOURCE_LINE, DataTypes.LongType)
      .add(PARSE_ERROR, DataTypes.StringType);

  private RawSchemas() {}
}
