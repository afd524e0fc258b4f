package dev.leti.features.nb201;

import dev.leti.features.nb201.InvalidArchException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One NAS-Bench-201 cell: a DAG of 4 nodes (0 = cell input, 3 = cell output) with all 6 edges i -> j (i < j),
 * each carrying one {@link Nb201Op}. A node is the sum of its incoming edges' results.
 *
 * <p>Edges are numbered in the order the official string lists them:
 * <pre>
 *   edge:   0     1     2     3     4     5
 *   i -> j: 0->1  0->2  1->2  0->3  1->3  2->3
 * </pre>
 * so {@code |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|} has
 * edge 0 = conv3x3, edge 2 (1 -> 2) = avg pool, edge 5 (2 -> 3) = skip.
 *
 * <p>{@link #code()} reads the six op indices as a base-5 number, edge 0 the most significant digit. That is also
 * the position of the arch in the official product order before the shuffle (see {@link Nb201Index}).
 */
public final class Nb201Arch {
  public static final int NODES = 4;
  public static final int EDGES = 6;
  /** 5^6 = 15,625 archs. */
  public static final int SPACE_SIZE = 15_625;

  private static final int[] EDGE_FROM = {0, 0, 1, 0, 1, 2};
  private static final int[] EDGE_TO = {1, 2, 2, 3, 3, 3};

  private final Nb201Op[] ops;
  private final int code;

  private Nb201Arch(Nb201Op[] ops) {
    this.ops = ops;
    int c = 0;
    for (Nb201Op op : ops) {
      c = c * Nb201Op.COUNT + op.index();
    }
    this.code = c;
  }

  /** The arch with these six edge ops, in edge order. */
  public static Nb201Arch of(Nb201Op... ops) {
    if (ops == null || ops.length != EDGES) {
      throw new IllegalArgumentException("an arch has " + EDGES + " edge ops, got "
          + (ops == null ? "null" : ops.length + ": " + Arrays.toString(ops)));
    }
    for (int e = 0; e < EDGES; e++) {
      if (ops[e] == null) {
        throw new IllegalArgumentException("op of edge " + e + " is null in " + Arrays.toString(ops));
      }
    }
    return new Nb201Arch(ops.clone());
  }

  public static Nb201Arch of(List<Nb201Op> ops) {
    if (ops == null) {
      throw new IllegalArgumentException("an arch has " + EDGES + " edge ops, got null");
    }
    return of(ops.toArray(new Nb201Op[0]));
  }

  /** The arch whose {@link #code()} is {@code code}, 0..15624. */
  public static Nb201Arch fromCode(int code) {
    if (code < 0 || code >= SPACE_SIZE) {
      throw new IllegalArgumentException("arch code " + code + " out of range 0.." + (SPACE_SIZE - 1));
    }
    Nb201Op[] ops = new Nb201Op[EDGES];
    int c = code;
    for (int e = EDGES - 1; e >= 0; e--) {
      ops[e] = Nb201Op.ofIndex(c % Nb201Op.COUNT);
      c /= Nb201Op.COUNT;
    }
    return new Nb201Arch(ops);
  }

  /**
   * Parses an official arch string such as {@code |avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|}.
   * The format is strict, as the official tools write it: no spaces, node j lists its inputs 0..j-1 in order.
   *
   * @throws InvalidArchException saying what is wrong, with a {@link Reason} code
   */
  public static Nb201Arch parse(String arch) {
    if (arch == null) {
      throw new InvalidArchException(Reason.NULL, "arch string is null");
    }
    if (arch.isEmpty()) {
      throw new InvalidArchException(Reason.EMPTY, "arch string is empty");
    }
    // limit -1 keeps trailing empty parts, so "a+b+c+" counts 4 nodes instead of silently 3.
    String[] nodes = arch.split("\\+", -1);
    if (nodes.length != NODES - 1) {
      throw new InvalidArchException(Reason.NODE_COUNT, "expected " + (NODES - 1) + " nodes joined by '+', found "
          + nodes.length + " in '" + arch + "'");
    }
    Nb201Op[] ops = new Nb201Op[EDGES];
    int e = 0;
    for (int j = 1; j < NODES; j++) {
      String node = nodes[j - 1];
      if (node.length() < 2 || !node.startsWith("|") || !node.endsWith("|")) {
        throw new InvalidArchException(Reason.MISSING_PIPE, "node " + j + " '" + node
            + "' must start and end with '|' in '" + arch + "'");
      }
      String[] edges = node.substring(1, node.length() - 1).split("\\|", -1);
      if (edges.length != j) {
        throw new InvalidArchException(Reason.EDGE_COUNT, "node " + j + " '" + node + "' must list " + j
            + (j == 1 ? " edge" : " edges separated by '|'") + ", found " + edges.length + " in '" + arch + "'");
      }
      for (int i = 0; i < j; i++) {
        String edge = edges[i];
        int tilde = edge.indexOf('~');
        if (tilde < 0) {
          throw new InvalidArchException(Reason.MISSING_INPUT, "edge '" + edge + "' of node " + j
              + " must be written op~input, e.g. 'none~" + i + "', in '" + arch + "'");
        }
        String input = edge.substring(tilde + 1);
        if (!input.equals(Integer.toString(i))) {
          throw new InvalidArchException(Reason.WRONG_INPUT, "edge '" + edge + "' of node " + j + " has input '~"
              + input + "' where '~" + i + "' expected (node " + j + " lists inputs 0.." + (j - 1)
              + " in order) in '" + arch + "'");
        }
        String name = edge.substring(0, tilde);
        try {
          ops[e++] = Nb201Op.fromName(name);
        } catch (IllegalArgumentException unknown) {
          throw new InvalidArchException(Reason.UNKNOWN_OP, "edge '" + edge + "' of node " + j + ": unknown op '"
              + name + "'; allowed: " + Nb201Op.allowedNames() + ", in '" + arch + "'");
        }
      }
    }
    return new Nb201Arch(ops);
  }

  /** Source node of an edge. */
  public static int edgeFrom(int edge) {
    checkEdge(edge);
    return EDGE_FROM[edge];
  }

  /** Target node of an edge. */
  public static int edgeTo(int edge) {
    checkEdge(edge);
    return EDGE_TO[edge];
  }

  /** The edge number of {@code from -> to}, for 0 <= from < to <= 3. */
  public static int edge(int from, int to) {
    if (from < 0 || to >= NODES || from >= to) {
      throw new IllegalArgumentException("no edge " + from + " -> " + to + "; edges go from i to j, 0 <= i < j <= 3");
    }
    // Edges into node j start at 0 + 1 + ... + (j - 1).
    return to * (to - 1) / 2 + from;
  }

  /** The six ops in edge order (unmodifiable). */
  public List<Nb201Op> ops() {
    return Collections.unmodifiableList(Arrays.asList(ops.clone()));
  }

  public Nb201Op op(int edge) {
    checkEdge(edge);
    return ops[edge];
  }

  /** The op on edge {@code from -> to}. */
  public Nb201Op op(int from, int to) {
    return ops[edge(from, to)];
  }

  /** Base-5 number of the ops, edge 0 most significant: a compact id in 0..15624 (not the official index). */
  public int code() {
    return code;
  }

  /**
   * The official isomorphism key, {@code Structure.to_unique_str(consider_zero=True)}: skip is the identity,
   * none and anything fed only by a lone zero are zero ({@code #}), and each node is its sorted terms joined by
   * '+'. Archs with equal keys compute the same function; the 15,625 archs form 6,466 classes.
   */
  public String uniqueKey() {
    String[] node = new String[NODES];
    node[0] = "0";
    for (int j = 1; j < NODES; j++) {
      List<String> terms = new ArrayList<>(j);
      for (int i = 0; i < j; i++) {
        Nb201Op op = op(i, j);
        // Only a node that is exactly "#" counts as zero: a node with several zero terms reads "#+#", and the
        // official function does not treat that as zero. Kept as is, since the class count depends on it.
        if (op == Nb201Op.NONE || node[i].equals("#")) {
          terms.add("#");
        } else if (op == Nb201Op.SKIP_CONNECT) {
          terms.add(node[i]);
        } else {
          terms.add("(" + node[i] + ")@" + op.officialName());
        }
      }
      // ASCII only, so String order equals Python's code-point order.
      Collections.sort(terms);
      node[j] = String.join("+", terms);
    }
    return node[NODES - 1];
  }

  /** The official arch string. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(100);
    int e = 0;
    for (int j = 1; j < NODES; j++) {
      if (j > 1) {
        s.append('+');
      }
      s.append('|');
      for (int i = 0; i < j; i++) {
        s.append(ops[e++].officialName()).append('~').append(i).append('|');
      }
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Nb201Arch a && a.code == code;
  }

  @Override
  public int hashCode() {
    return code;
  }

  private static void checkEdge(int edge) {
    if (edge < 0 || edge >= EDGES) {
      throw new IllegalArgumentException("edge " + edge + " out of range 0.." + (EDGES - 1));
    }
  }
}
