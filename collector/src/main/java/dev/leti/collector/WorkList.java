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
