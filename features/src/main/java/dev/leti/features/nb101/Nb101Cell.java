package dev.leti.features.nb101;

import dev.leti.features.nb101.InvalidCellException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A valid NAS-Bench-101 cell in its canonical (stored) form.
 *
 * <p>The matrix is a V x V 0/1 adjacency matrix, strictly upper triangular, {@code matrix[i][j] = 1} for an edge
 * i -> j; vertex 0 is the input and vertex V-1 the output. {@link #of} applies the official construction checks,
 * prunes vertices that are not on an input-to-output path, applies the domain checks (at most 7 vertices and 9
 * edges after pruning, allowed ops) and relabels the result into canonical form, so two isomorphic inputs give
 * equal cells, equal hashes and the same network.
 */
public final class Nb101Cell {
  public static final int MAX_VERTICES = UpperTriangle.MAX_VERTICES;
  public static final int MAX_EDGES = 9;

  private final int vertices;
  private final int bits;
  private final byte[] labels;
  private String hash;

  /** Trusted constructor for forms already known to be canonical. */
  Nb101Cell(int vertices, int bits, byte[] labels) {
    this.vertices = vertices;
    this.bits = bits;
    this.labels = labels;
  }

  /**
   * Checks, prunes and canonicalises a cell given in any vertex order.
   *
   * @throws InvalidCellException saying what is wrong, with a {@link Reason} code
   */
  public static Nb101Cell of(int[][] matrix, List<String> ops) {
    int n = checkShape(matrix, ops);
    boolean[] keep = verticesOnInputOutputPaths(matrix);
    int[] kept = new int[n];
    int v = 0;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        kept[v++] = i;
      }
    }
    if (v < 2) {
      throw new InvalidCellException(Reason.DISCONNECTED,
          "no path from the input (vertex 0) to the output (vertex " + (n - 1) + ")");
    }
    if (v > MAX_VERTICES) {
      throw new InvalidCellException(Reason.TOO_MANY_VERTICES,
          v + " vertices after pruning; NAS-Bench-101 allows at most " + MAX_VERTICES);
    }
    int bits = 0;
    for (int y = 1; y < v; y++) {
      for (int x = 0; x < y; x++) {
        if (matrix[kept[x]][kept[y]] == 1) {
          bits |= 1 << UpperTriangle.bit(x, y);
        }
      }
    }
    if (Integer.bitCount(bits) > MAX_EDGES) {
      throw new InvalidCellException(Reason.TOO_MANY_EDGES,
          Integer.bitCount(bits) + " edges after pruning; NAS-Bench-101 allows at most " + MAX_EDGES);
    }
    checkEndOp(ops, 0, Nb101Op.INPUT);
    checkEndOp(ops, n - 1, Nb101Op.OUTPUT);
    byte[] labels = new byte[v - 2];
    for (int i = 1; i < v - 1; i++) {
      String name = ops.get(kept[i]);
      Nb101Op op = Nb101Op.byName(name);
      if (op == null || op.label() < 0) {
        throw new InvalidCellException(Reason.UNKNOWN_OP, "ops[" + kept[i] + "] = " + quote(name)
            + " is not allowed at an interior vertex; allowed: " + Nb101Op.allowedNames());
      }
      labels[i - 1] = (byte) op.label();
    }
    return Canonicalizer.canonicalize(v, bits, labels);
  }

  private static int checkShape(int[][] matrix, List<String> ops) {
    if (matrix == null) {
      throw new InvalidCellException(Reason.MALFORMED, "the matrix is missing");
    }
    if (ops == null) {
      throw new InvalidCellException(Reason.MALFORMED, "the ops are missing");
    }
    int n = matrix.length;
    if (n < 2) {
      throw new InvalidCellException(Reason.MALFORMED,
          "the matrix has " + n + " vertices; a cell needs at least the input and the output");
    }
    for (int i = 0; i < n; i++) {
      if (matrix[i] == null || matrix[i].length != n) {
        throw new InvalidCellException(Reason.NOT_SQUARE, "the matrix is not square: row " + i + " has "
            + (matrix[i] == null ? 0 : matrix[i].length) + " entries, expected " + n);
      }
    }
    if (ops.size() != n) {
      throw new InvalidCellException(Reason.OPS_LENGTH,
          "the matrix has " + n + " vertices but ops has " + ops.size() + " entries");
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int e = matrix[i][j];
        if (e != 0 && e != 1) {
          throw new InvalidCellException(Reason.NOT_ZERO_ONE,
              "matrix[" + i + "][" + j + "] = " + e + "; entries must be 0 or 1");
        }
        if (e == 1 && j <= i) {
          throw new InvalidCellException(Reason.NOT_UPPER_TRIANGULAR, "matrix[" + i + "][" + j
              + "] = 1 is on or below the diagonal; edges must go from a lower to a higher vertex");
        }
      }
    }
    return n;
  }

  /** Vertices reachable from the input that also reach the output (the official pruning rule). */
  private static boolean[] verticesOnInputOutputPaths(int[][] m) {
    int n = m.length;
    boolean[] fromInput = new boolean[n];
    fromInput[0] = true;
    for (int i = 0; i < n; i++) {
      if (fromInput[i]) {
        for (int j = i + 1; j < n; j++) {
          fromInput[j] |= m[i][j] == 1;
        }
      }
    }
    boolean[] toOutput = new boolean[n];
    toOutput[n - 1] = true;
    for (int j = n - 1; j >= 0; j--) {
      if (toOutput[j]) {
        for (int i = 0; i < j; i++) {
          toOutput[i] |= m[i][j] == 1;
        }
      }
    }
    boolean[] both = new boolean[n];
    for (int i = 0; i < n; i++) {
      both[i] = fromInput[i] && toOutput[i];
    }
    return both;
  }

  private static void checkEndOp(List<String> ops, int index, Nb101Op expected) {
    if (!expected.officialName().equals(ops.get(index))) {
      throw new InvalidCellException(Reason.BAD_INPUT_OUTPUT, "ops[" + index + "] = " + quote(ops.get(index))
          + ", expected '" + expected.officialName() + "'");
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }

  public int vertices() {
    return vertices;
  }

  public int edges() {
    return Integer.bitCount(bits);
  }

  public boolean hasEdge(int from, int to) {
    return from < to && UpperTriangle.hasEdge(bits, from, to);
  }

  /** The op of vertex v (input, output or an interior op). */
  public Nb101Op op(int v) {
    if (v == 0) {
      return Nb101Op.INPUT;
    }
    return v == vertices - 1 ? Nb101Op.OUTPUT : Nb101Op.interior(labels[v - 1]);
  }

  /** The upper triangle as a bitmask in the official layout (edge x -> y is bit x + y*(y-1)/2). */
  public int adjacencyBits() {
    return bits;
  }

  byte[] labels() {
    return labels;
  }

  public int[][] matrix() {
    int[][] m = new int[vertices][vertices];
    for (int y = 1; y < vertices; y++) {
      for (int x = 0; x < y; x++) {
        m[x][y] = hasEdge(x, y) ? 1 : 0;
      }
    }
    return m;
  }

  public List<String> ops() {
    List<String> names = new ArrayList<>(vertices);
    for (int v = 0; v < vertices; v++) {
      names.add(op(v).officialName());
    }
    return names;
  }

  /** The official graph hash (32 lower-case hex digits), computed once. */
  public String hash() {
    String h = hash;
    if (h == null) {
      h = Nb101Hash.of(this);
      hash = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Nb101Cell c && vertices == c.vertices && bits == c.bits && Arrays.equals(labels, c.labels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * vertices + bits) + Arrays.hashCode(labels);
  }

  /** The cell as the JSON object the command line reads: {@code {"matrix":[[...]],"ops":[...]}}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{\"matrix\":[");
    int[][] m = matrix();
    for (int i = 0; i < vertices; i++) {
      s.append(i == 0 ? "[" : ",[");
      for (int j = 0; j < vertices; j++) {
        s.append(j == 0 ? "" : ",").append(m[i][j]);
      }
      s.append(']');
    }
    s.append("],\"ops\":[");
    for (int v = 0; v < vertices; v++) {
      s.append(v == 0 ? "\"" : ",\"").append(op(v).officialName()).append('"');
    }
    return s.append("]}").toString();
  }
}
