package dev.leti.lake;

import static dev.leti.lake.Columns.*;

import java.util.List;

/**
 * The tables of the raw (bronze) layer and their columns, defined once: the jobs derive Spark schemas from them,
 * the collector Parquet schemas. Designed for real devices; every raw table also has the partition column
 * {@code batch_id}. New columns go at the end: readers select by name.
 */
public enum RawTable {
  /** One inference. Temperature and clock are null when the device does not report them. */
  RUNS("runs", List.of(
      new RawColumn(DEVICE_ID, ColumnType.STRING),
      new RawColumn(ARCH_SPACE, ColumnType.STRING),
      new RawColumn(ARCH_ID, ColumnType.STRING),
      new RawColumn(SESSION_ID, ColumnType.STRING),
      new RawColumn(RUN_INDEX, ColumnType.INT),
      new RawColumn(WARMUP, ColumnType.BOOLEAN),
      new RawColumn(LATENCY_MS, ColumnType.DOUBLE),
      new RawColumn(STARTED_AT_MS, ColumnType.LONG),
      new RawColumn(TEMPERATURE_C, ColumnType.DOUBLE),
      new RawColumn(CLOCK_MHZ, ColumnType.DOUBLE),
      new RawColumn(BACKEND, ColumnType.STRING),
      new RawColumn(RUNNER_VERSION, ColumnType.STRING),
      new RawColumn(RUNTIME_VERSION, ColumnType.STRING),
      new RawColumn(SOURCE, ColumnType.STRING),
      new RawColumn(SOURCE_LINE, ColumnType.LONG),
      new RawColumn(PARSE_ERROR, ColumnType.STRING))),

  /**
   * One measurement session of one arch on one device. {@code status} and {@code failure} are the collector's:
   * a failed session is recorded with its reason and has no runs (null for imported sessions).
   */
  SESSIONS("sessions", List.of(
      new RawColumn(SESSION_ID, ColumnType.STRING),
      new RawColumn(DEVICE_ID, ColumnType.STRING),
      new RawColumn(ARCH_SPACE, ColumnType.STRING),
      new RawColumn(ARCH_ID, ColumnType.STRING),
      new RawColumn(INIT_MS, ColumnType.DOUBLE),
      new RawColumn(FIRST_INFERENCE_MS, ColumnType.DOUBLE),
      new RawColumn(PARAMS, ColumnType.LONG),
      new RawColumn(BACKEND, ColumnType.STRING),
      new RawColumn(SOURCE, ColumnType.STRING),
      new RawColumn(SOURCE_LINE, ColumnType.LONG),
      new RawColumn(PARSE_ERROR, ColumnType.STRING),
      new RawColumn(STATUS, ColumnType.STRING),
      new RawColumn(FAILURE, ColumnType.STRING))),

  /** A device and what is known of it; {@code properties} keeps every key the source gave. */
  DEVICES("devices", List.of(
      new RawColumn(DEVICE_ID, ColumnType.STRING),
      new RawColumn("kind", ColumnType.STRING),
      new RawColumn("name", ColumnType.STRING),
      new RawColumn("model", ColumnType.STRING),
      new RawColumn("manufacturer", ColumnType.STRING),
      new RawColumn("soc", ColumnType.STRING),
      new RawColumn("gpu", ColumnType.STRING),
      new RawColumn("os_version", ColumnType.STRING),
      new RawColumn("driver_version", ColumnType.STRING),
      new RawColumn("abi", ColumnType.STRING),
      new RawColumn("precision", ColumnType.STRING),
      new RawColumn("framework", ColumnType.STRING),
      new RawColumn("properties", ColumnType.STRING_MAP),
      new RawColumn(SOURCE, ColumnType.STRING))),

  /** One row of an external aggregated latency table (one value per device and arch, no runs behind it). */
  LATENCY_TABLES("latency_tables", List.of(
      new RawColumn("table_source", ColumnType.STRING),
      new RawColumn(DEVICE_ID, ColumnType.STRING),
      new RawColumn(ARCH_SPACE, ColumnType.STRING),
      new RawColumn(ARCH_ID, ColumnType.STRING),
      new RawColumn(LATENCY_MS, ColumnType.DOUBLE),
      new RawColumn(SOURCE, ColumnType.STRING),
      new RawColumn(SOURCE_LINE, ColumnType.LONG),
      new RawColumn(PARSE_ERROR, ColumnType.STRING)));

  private final String directory;
  private final List<RawColumn> columns;

  RawTable(String directory, List<RawColumn> columns) {
    this.directory = directory;
    this.columns = columns;
  }

  /** The table's directory under {@code raw/}. */
  public String directory() {
    return directory;
  }

  public List<RawColumn> columns() {
    return columns;
  }

  /** The table's location in a lake. */
  public String location(Lake lake) {
    return lake.path("raw/" + directory);
  }

  /** Position of a column, for building rows in column order. */
  public int indexOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException("raw table " + directory + " has no column " + column);
  }
}
