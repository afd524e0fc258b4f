package dev.leti.lake;

/**
 * The types a raw column can have, named neutrally so that Spark ({@code StructType}) and plain Parquet
 * ({@code MessageType}) schemas are both made from one definition.
 */
public enum ColumnType {
  STRING,
  INT,
  LONG,
  DOUBLE,
  BOOLEAN,
  /** A map of text to text (e.g. every property a device reported). */
  STRING_MAP
}
