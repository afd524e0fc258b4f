package dev.leti.jobs.io;

import dev.leti.lake.Columns;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Maps the lines of an external CSV file onto a raw schema. The header decides which column goes where; a field
 * that does not read as its type becomes null and is named in {@code parse_error} (with its text), so the row
 * reaches the quarantine with the reason instead of being dropped. Architecture columns: {@code arch_hash} means
 * NAS-Bench-101 ({@code arch_id} = the hash), {@code arch_index} NAS-Bench-201 ({@code arch_id} = the index), or
 * {@code arch_space} with {@code arch_id}.
 */
public final class CsvRowMapper implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StructType target;
  private final String fileName;
  /** For each target column, the CSV position it comes from, or -1. */
  private final int[] sourceOf;
  private final String constantSpace;
  private final int headerSize;

  private CsvRowMapper(StructType target, String fileName, int[] sourceOf, String constantSpace, int headerSize) {
    this.target = target;
    this.fileName = fileName;
    this.sourceOf = sourceOf;
    this.constantSpace = constantSpace;
    this.headerSize = headerSize;
  }

  /**
   * @param required target columns the file must have
   * @throws IllegalArgumentException naming the file and the column when the header does not fit
   */
  public static CsvRowMapper forHeader(String headerLine, StructType target, List<String> required, String fileName) {
    return forHeader(headerLine, target, required, fileName, Map.of());
  }

  /** As {@link #forHeader(String, StructType, List, String)}, with header names renamed by {@code aliases} first. */
  public static CsvRowMapper forHeader(String headerLine, StructType target, List<String> required, String fileName,
      Map<String, String> aliases) {
    if (headerLine == null || headerLine.isBlank()) {
      throw new IllegalArgumentException(fileName + ": empty file, expected a CSV header line");
    }
    List<String> header = new ArrayList<>();
    for (String h : CsvLine.split(headerLine)) {
      header.add(h.strip().toLowerCase(Locale.ROOT));
    }
    Map<String, Integer> position = new HashMap<>();
    String constantSpace = null;
    for (int i = 0; i < header.size(); i++) {
      String name = aliases.getOrDefault(header.get(i), header.get(i));
      if (name.equals("arch_hash")) {
        name = Columns.ARCH_ID;
        constantSpace = "nb101";
      } else if (name.equals("arch_index")) {
        name = Columns.ARCH_ID;
        constantSpace = "nb201";
      }
      if (!List.of(target.fieldNames()).contains(name) || isDerived(name)) {
        throw new IllegalArgumentException(fileName + ": unknown column '" + header.get(i) + "'; known: "
            + knownColumns(target));
      }
      if (position.put(name, i) != null) {
        throw new IllegalArgumentException(fileName + ": column '" + header.get(i) + "' appears twice");
      }
    }
    if (constantSpace != null && position.containsKey(Columns.ARCH_SPACE)) {
      throw new IllegalArgumentException(fileName + ": give arch_space with arch_id, not with arch_hash/arch_index");
    }
    for (String column : required) {
      boolean present = position.containsKey(column) || column.equals(Columns.ARCH_SPACE) && constantSpace != null;
      if (!present) {
        throw new IllegalArgumentException(fileName + ": missing column '" + column + "'");
      }
    }
    int[] sourceOf = new int[target.size()];
    for (int i = 0; i < sourceOf.length; i++) {
      sourceOf[i] = position.getOrDefault(target.fields()[i].name(), -1);
    }
    return new CsvRowMapper(target, fileName, sourceOf, constantSpace, header.size());
  }

  private static boolean isDerived(String column) {
    return column.equals(Columns.SOURCE) || column.equals(Columns.SOURCE_LINE) || column.equals(Columns.PARSE_ERROR);
  }

  private static String knownColumns(StructType target) {
    List<String> known = new ArrayList<>();
    for (String f : target.fieldNames()) {
      if (!isDerived(f)) {
        known.add(f);
      }
    }
    if (known.contains(Columns.ARCH_ID)) {
      known.add("arch_hash");
      known.add("arch_index");
    }
    return String.join(", ", known);
  }

  /** The row for data line {@code lineNumber} (1 = first line after the header). */
  public Row map(String line, long lineNumber) {
    List<String> fields = CsvLine.split(line);
    Object[] values = new Object[target.size()];
    StringBuilder errors = new StringBuilder();
    if (fields.size() != headerSize) {
      errors.append("expected ").append(headerSize).append(" fields, found ").append(fields.size());
    }
    for (int i = 0; i < values.length; i++) {
      StructField f = target.fields()[i];
      if (f.name().equals(Columns.SOURCE)) {
        values[i] = fileName;
      } else if (f.name().equals(Columns.SOURCE_LINE)) {
        values[i] = lineNumber;
      } else if (f.name().equals(Columns.ARCH_SPACE) && constantSpace != null) {
        values[i] = constantSpace;
      } else if (sourceOf[i] >= 0 && sourceOf[i] < fields.size()) {
        String text = fields.get(sourceOf[i]).strip();
        try {
          values[i] = text.isEmpty() ? null : convert(text, f.dataType());
        } catch (IllegalArgumentException e) {
          if (errors.length() > 0) {
            errors.append("; ");
          }
          errors.append(f.name()).append("='").append(text).append('\'');
        }
      }
    }
    int parseError = target.fieldIndex(Columns.PARSE_ERROR);
    values[parseError] = errors.length() == 0 ? null : errors.toString();
    return RowFactory.create(values);
  }

  private static Object convert(String text, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return text;
    }
    if (type.equals(DataTypes.IntegerType)) {
      return Integer.parseInt(text);
    }
    if (type.equals(DataTypes.LongType)) {
      return Long.parseLong(text);
    }
    if (type.equals(DataTypes.DoubleType)) {
      return parseDouble(text);
    }
    if (type.equals(DataTypes.BooleanType)) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "1", "true" -> Boolean.TRUE;
        case "0", "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException(text);
      };
    }
    throw new AssertionError("no CSV conversion to " + type);
  }

  /** Reads NaN and infinities too: they are values the validation quarantines with their own reason. */
  private static double parseDouble(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
