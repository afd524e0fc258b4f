package dev.leti.features.nb101;

/**
 * The upper triangle of a DAG's adjacency matrix as a bitmask, in the official bit layout of
 * {@code graph_util.gen_is_edge_fn}: the edge x -> y (x < y) is bit {@code x + y*(y-1)/2}, so bit 0 = (0,1),
 * bit 1 = (0,2), bit 2 = (1,2), bit 3 = (0,3) and so on. Enumeration order compares these masks as integers.
 */
final class UpperTriangle {
  static final int MAX_VERTICES = 7;
  static final int MAX_BITS = MAX_VERTICES * (MAX_VERTICES - 1) / 2;
  private static final int[] FROM = new int[MAX_BITS];
  private static final int[] TO = new int[MAX_BITS];

  static {
    for (int y = 1; y < MAX_VERTICES; y++) {
      for (int x = 0; x < y; x++) {
        FROM[bit(x, y)] = x;
        TO[bit(x, y)] = y;
      }
    }
  }

  private UpperTriangle() {}

  static int bit(int x, int y) {
    return x + y * (y - 1) / 2;
  }

  static boolean hasEdge(int bits, int x, int y) {
    return (bits >>> bit(x, y) & 1) != 0;
  }

  static int from(int bit) {
    return FROM[bit];
  }

  static int to(int bit) {
    return TO[bit];
  }

  static int bitCount(int vertices) {
    return vertices * (vertices - 1) / 2;
  }

  /**
   * The mask after moving every vertex i to {@code perm[i]}, or -1 when an edge would point backwards (the
   * relabelled matrix is not upper triangular).
   */
  static int permute(int bits, int[] perm) {
    int out = 0;
    for (int rest = bits; rest != 0; rest &= rest - 1) {
      int b = Integer.numberOfTrailingZeros(rest);
      int x = perm[FROM[b]];
      int y = perm[TO[b]];
      if (x >= y) {
        return -1;
      }
      out |= 1 << bit(x, y);
    }
    return out;
  }

  /** True when every vertex lies on an input-to-output path: each row but the last and each column but the first has an edge. */
  static boolean isFullDag(int bits, int vertices) {
    int hasOut = 0;
    int hasIn = 0;
    for (int rest = bits; rest != 0; rest &= rest - 1) {
      int b = Integer.numberOfTrailingZeros(rest);
      hasOut |= 1 << FROM[b];
      hasIn |= 1 << TO[b];
    }
    int all = (1 << vertices) - 1;
    return (hasOut | 1 << (vertices - 1)) == all && (hasIn | 1) == all;
  }
}
