package dev.leti.features.nb201;

import java.util.Arrays;

/**
 * A numeric encoding of an NB-201 arch for models that learn latency as a sum of op costs and their interactions
 * (see the jobs' {@code InteractionRidge}): every NB-201 network is the same skeleton, so its latency is close to
 * a sum over the six edges of what each edge's op costs, plus the adds where edges meet.
 *
 * <p>An edge is <em>live</em> when it is not none, its source is reachable from the cell input through non-none
 * edges and its target reaches the cell output the same way. A dead edge is still computed by a framework that
 * runs the graph as written, but a converter that prunes unused values drops it, so the encoding carries both
 * views and lets the model weigh them per device.
 *
 * <p>Layout of {@link View#ALL_EDGES} ({@link #LENGTH} values, all 0/1 or small counts): the one-hot op of each
 * live edge (6 x 5, all zero for a dead edge), the count of each op on live edges (5), whether the cell connects
 * input to output (1), the number of non-none inputs of nodes 1, 2, 3 (3: a node with k inputs costs k - 1
 * adds), then the one-hot op of each edge (6 x 5) and the count of each op (5). {@link View#LIVE_EDGES} is the
 * first part alone, for devices whose converter drops dead edges.
 */
public final class Nb201Encoding {
  public static final int LENGTH = 2 * Nb201Arch.EDGES * Nb201Op.COUNT + 2 * Nb201Op.COUNT + 1 + (Nb201Arch.NODES - 1);
  private static final int LIVE_LENGTH = LENGTH - Nb201Arch.EDGES * Nb201Op.COUNT - Nb201Op.COUNT;

  /** Which edges the encoding describes. */
  public enum View { ALL_EDGES, LIVE_EDGES }

  private Nb201Encoding() {}

  public static double[] of(Nb201Arch arch, View view) {
    double[] all = of(arch);
    return view == View.ALL_EDGES ? all : Arrays.copyOf(all, LIVE_LENGTH);
  }

  /** The {@link View#ALL_EDGES} encoding. */
  public static double[] of(Nb201Arch arch) {
    boolean[] live = liveEdges(arch);
    double[] v = new double[LENGTH];
    int liveCounts = Nb201Arch.EDGES * Nb201Op.COUNT;
    int connected = liveCounts + Nb201Op.COUNT;
    int inputs = connected + 1;
    int oneHot = inputs + Nb201Arch.NODES - 1;
    int counts = oneHot + Nb201Arch.EDGES * Nb201Op.COUNT;
    for (int e = 0; e < Nb201Arch.EDGES; e++) {
      int op = arch.op(e).index();
      v[oneHot + e * Nb201Op.COUNT + op] = 1;
      v[counts + op]++;
      if (live[e]) {
        v[e * Nb201Op.COUNT + op] = 1;
        v[liveCounts + op]++;
      }
      if (arch.op(e) != Nb201Op.NONE) {
        v[inputs + Nb201Arch.edgeTo(e) - 1]++;
      }
    }
    v[connected] = reachable(arch)[Nb201Arch.NODES - 1] ? 1 : 0;
    return v;
  }

  /** For each edge, whether it is live: not none, fed from the cell input and feeding the cell output. */
  public static boolean[] liveEdges(Nb201Arch arch) {
    boolean[] fromInput = reachable(arch);
    boolean[] toOutput = new boolean[Nb201Arch.NODES];
    toOutput[Nb201Arch.NODES - 1] = true;
    for (int i = Nb201Arch.NODES - 2; i >= 0; i--) {
      for (int j = i + 1; j < Nb201Arch.NODES; j++) {
        toOutput[i] |= toOutput[j] && arch.op(i, j) != Nb201Op.NONE;
      }
    }
    boolean[] live = new boolean[Nb201Arch.EDGES];
    for (int e = 0; e < Nb201Arch.EDGES; e++) {
      live[e] = arch.op(e) != Nb201Op.NONE && fromInput[Nb201Arch.edgeFrom(e)] && toOutput[Nb201Arch.edgeTo(e)];
    }
    return live;
  }

  /** Nodes reachable from the cell input (node 0) through non-none edges; nodes are in topological order. */
  private static boolean[] reachable(Nb201Arch arch) {
    boolean[] reached = new boolean[Nb201Arch.NODES];
    reached[0] = true;
    for (int j = 1; j < Nb201Arch.NODES; j++) {
      for (int i = 0; i < j; i++) {
        reached[j] |= reached[i] && arch.op(i, j) != Nb201Op.NONE;
      }
    }
    return reached;
  }
}
