package dev.leti.features.nb101;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leti.features.nb101.InvalidCellException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a cell from its JSON form {@code {"matrix": [[0,1],[0,0]], "ops": ["input","output"]}}; other keys are
 * ignored, and {@code adjacency} is accepted for {@code matrix} (the form of published test vectors).
 */
public final class Nb101CellJson {
  private Nb101CellJson() {}

  /** The cell, or an {@link InvalidCellException} saying what is wrong with the JSON or the cell. */
  public static Nb101Cell parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidCellException(Reason.MALFORMED, "a cell is a JSON object with 'matrix' and 'ops'");
    }
    JsonNode rows = node.has("matrix") ? node.get("matrix") : node.get("adjacency");
    if (rows == null || !rows.isArray()) {
      throw new InvalidCellException(Reason.MALFORMED, "'matrix' must be an array of rows of 0/1");
    }
    int[][] matrix = new int[rows.size()][];
    for (int i = 0; i < matrix.length; i++) {
      JsonNode row = rows.get(i);
      if (!row.isArray()) {
        throw new InvalidCellException(Reason.MALFORMED, "matrix row " + i + " is not an array");
      }
      matrix[i] = new int[row.size()];
      for (int j = 0; j < matrix[i].length; j++) {
        JsonNode e = row.get(j);
        if (!e.isIntegralNumber() && !(e.isNumber() && e.asDouble() == Math.rint(e.asDouble()))) {
          throw new InvalidCellException(Reason.MALFORMED, "matrix[" + i + "][" + j + "] = " + e + " is not 0 or 1");
        }
        matrix[i][j] = e.asInt();
      }
    }
    JsonNode ops = node.get("ops");
    if (ops == null || !ops.isArray()) {
      throw new InvalidCellException(Reason.MALFORMED, "'ops' must be an array of op names");
    }
    List<String> names = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      if (!ops.get(i).isTextual()) {
        throw new InvalidCellException(Reason.MALFORMED, "ops[" + i + "] = " + ops.get(i) + " is not a string");
      }
      names.add(ops.get(i).asText());
    }
    return Nb101Cell.of(matrix, names);
  }
}
