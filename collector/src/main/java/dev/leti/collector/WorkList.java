package dev.leti.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leti.features.nb101.Nb101CellJson;
import dev.leti.features.nb101.Nb101Space;
import dev.leti.features.nb201.Nb201Index;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The architectures of a campaign, in measuring order, without duplicates. */
public final class WorkList {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkList() {}

  /** {@code n} distinct archs of the space drawn with {@code seed} (NB-101: {@link Nb101Space#sample}). */
  public static List<ArchRef> sample(String space, int n, long seed) {
    return switch (space) {
      case "nb101" -> Nb101Space.sample(n, seed).stream().map(ArchRef::nb101).toList();
      case "nb201" -> nb201Sample(n, seed);
      default -> throw new IllegalArgumentException("unknown space '" + space + "', expected nb101 or nb201");
    };
  }

  /** Every arch of the space, in official order. */
  public static List<ArchRef> whole(String space) {
    return switch (space) {
      case "nb101" -> Nb101Space.enumerate().stream().map(ArchRef::nb101).toList();
      case "nb201" -> java.util.stream.IntStream.range(0, Nb201Index.size()).mapToObj(ArchRef::nb201).toList();
      default -> throw new IllegalArgumentException("unknown space '" + space + "', expected nb101 or nb201");
    };
  }

  /**
   * Archs from a JSON array: NB-101 cells ({@code {"matrix":…,"ops":…}}, extra keys ignored) or NB-201 indices
   * (numbers, or objects with {@code index}). A bad entry fails naming its position.
   */
  public static List<ArchRef> fromFile(String space, Path file) throws IOException {
    JsonNode all = JSON.readTree(Files.readString(file));
    if (!all.isArray()) {
      throw new IllegalArgumentException(file + ": expected a JSON array of " + (space.equals("nb101") ? "cells" : "indices"));
    }
    List<ArchRef> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      JsonNode node = all.get(i);
      try {
        out.add(switch (space) {
          case "nb101" -> ArchRef.nb101(Nb101CellJson.parse(node));
          case "nb201" -> ArchRef.nb201((node.isObject() ? node.path("index") : node).asInt(-1));
          default -> throw new IllegalArgumentException("unknown space '" + space + "'");
        });
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ": entry " + i + " (" + node + "): " + e.getMessage(), e);
      }
    }
    return distinct(out);
  }

  /**
   * Archs of a features table: a Parquet file or a directory of them, as {@code leti features enumerate} or the
   * lake's {@code space_features_*} / {@code arch_features_*} tables write them (NB-101 rows give {@code matrix}, the
   * canonical matrix row by row as a 0/1 string, and {@code ops}; NB-201 rows {@code index} or {@code arch_id}).
   */
  public static List<ArchRef> fromFeaturesTable(String space, Path table) throws IOException {
    List<ArchRef> out = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(table)) {
      try (var listing = Files.list(table)) {
        listing.filter(f -> f.getFileName().toString().endsWith(".parquet"))
            .filter(f -> !f.getFileName().toString().startsWith("_") && !f.getFileName().toString().startsWith("."))
            .sorted().forEach(files::add);
      }
    } else {
      files.add(table);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(table + ": no Parquet file in it");
    }
    for (Path file : files) {
      try (org.apache.parquet.hadoop.ParquetReader<org.apache.parquet.example.data.Group> reader =
          org.apache.parquet.hadoop.ParquetReader.builder(new org.apache.parquet.hadoop.example.GroupReadSupport(),
              new org.apache.hadoop.fs.Path(file.toUri())).build()) {
        for (var row = reader.read(); row != null; row = reader.read()) {
          out.add(space.equals("nb101") ? ArchRef.nb101(cellOf(row, file)) : ArchRef.nb201(indexOf(row, file)));
        }
      }
    }
    return distinct(out);
  }

  private static dev.leti.features.nb101.Nb101Cell cellOf(org.apache.parquet.example.data.Group row, Path file) {
    String bits;
    String ops;
    try {
      bits = row.getString("matrix", 0);
      ops = row.getString("ops", 0);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": an NB-101 features table needs 'matrix' and 'ops' columns", e);
    }
    int v = (int) Math.round(Math.sqrt(bits.length()));
    if (v * v != bits.length()) {
      throw new IllegalArgumentException(file + ": matrix '" + bits + "' is not a square matrix row by row");
    }
    int[][] matrix = new int[v][v];
    for (int i = 0; i < bits.length(); i++) {
      matrix[i / v][i % v] = bits.charAt(i) - '0';
    }
    return dev.leti.features.nb101.Nb101Cell.of(matrix, List.of(ops.split(",")));
  }

  private static int indexOf(org.apache.parquet.example.data.Group row, Path file) {
    var type = row.getType();
    if (type.containsField("index")) {
      return (int) row.getLong("index", 0);
    }
    if (type.containsField("arch_id")) {
      return Integer.parseInt(row.getString("arch_id", 0));
    }
    throw new IllegalArgumentException(file + ": an NB-201 features table needs an 'index' or 'arch_id' column");
  }

  static List<ArchRef> distinct(List<ArchRef> archs) {
    Map<String, ArchRef> byId = new LinkedHashMap<>();
    archs.forEach(a -> byId.putIfAbsent(a.id(), a));
    return List.copyOf(byId.values());
  }

  private static List<ArchRef> nb201Sample(int n, long seed) {
    int size = Nb201Index.size();
    if (n < 0 || n > size) {
      throw new IllegalArgumentException("sample size must be 0.." + size + ", got " + n);
    }
    int[] all = java.util.stream.IntStream.range(0, size).toArray();
    Random random = new Random(seed);
    List<ArchRef> out = new ArrayList<>();
    for (int i = 0; i < n; i++) { // partial Fisher-Yates, as Nb101Space.sample
      int j = i + random.nextInt(size - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
      out.add(ArchRef.nb201(all[i]));
    }
    return out;
  }
}
