package dev.leti.features.nb101;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Helpers to read cells from the shared JSON vectors. */
final class Nb101TestCells {
  private Nb101TestCells() {}

  static int[][] matrix(JsonNode rows) {
    int[][] m = new int[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = new int[rows.get(i).size()];
      for (int j = 0; j < m[i].length; j++) {
        m[i][j] = rows.get(i).get(j).asInt();
      }
    }
    return m;
  }

  static List<String> ops(JsonNode ops) {
    List<String> out = new ArrayList<>();
    ops.forEach(o -> out.add(o.asText()));
    return out;
  }

  static Nb101Cell cell(JsonNode vector) {
    return Nb101Cell.of(matrix(vector.get("adjacency")), ops(vector.get("ops")));
  }

  static final List<String> INCEPTION_OPS = List.of("input", "conv1x1-bn-relu", "conv3x3-bn-relu",
      "conv3x3-bn-relu", "conv3x3-bn-relu", "maxpool3x3", "output");

  /** The README's Inception-like cell as the user queries it. */
  static Nb101Cell inception() {
    return Nb101Cell.of(new int[][] {
        {0, 1, 1, 1, 0, 1, 0},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 1, 0, 0},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 0}}, INCEPTION_OPS);
  }

  static Nb101Cell twoVertex() {
    return Nb101Cell.of(new int[][] {{0, 1}, {0, 0}}, List.of("input", "output"));
  }
}
