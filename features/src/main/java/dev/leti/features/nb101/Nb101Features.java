package dev.leti.features.nb101;

import dev.leti.features.FeatureSchema;
import dev.leti.features.net.LayerKind;
import dev.leti.features.net.LayerRole;
import dev.leti.features.net.Network;
import dev.leti.features.net.NetworkStats;

/**
 * Analytic features of a NAS-Bench-101 cell, one documented column each. Network-level columns are computed
 * from the layer graph of {@link Nb101Network}, so they count exactly what an exported model runs.
 *
 * <p>The fixed-width encoding pads every cell to 7 vertices: interior vertices keep their positions 1..V-2, the
 * output moves to 6, and the padded vertices have no edges and no op.
 */
public final class Nb101Features {
  private static final int PADDED = Nb101Cell.MAX_VERTICES;

  public static final FeatureSchema SCHEMA = schema();

  private Nb101Features() {}

  private static FeatureSchema schema() {
    FeatureSchema.Builder s = FeatureSchema.builder()
        .add("params", "trainable parameters, equal to the official trainable_parameters")
        .add("macs", "multiply-accumulates of all convs (k*k*cin*cout*H*W) and the dense layer (512*10+10)")
        .add("macs_stack0", "MACs of stack 0 (32x32)")
        .add("macs_stack1", "MACs of stack 1 (16x16)")
        .add("macs_stack2", "MACs of stack 2 (8x8)")
        .add("mem_read_bytes", "activation bytes read by all layers at fp32")
        .add("mem_write_bytes", "activation bytes written by all layers at fp32")
        .add("kernels", "layers a runtime launches (BN folded, ReLU fused; adds are pairwise)")
        .add("critical_path", "kernels on the longest dependency chain of the network")
        .add("n_conv3x3", "conv3x3-bn-relu ops in the network (cell ops, stem excluded)")
        .add("n_conv1x1", "conv1x1-bn-relu ops in the network (cell ops, projections excluded)")
        .add("n_maxpool", "maxpool3x3 ops in the network (cell ops, downsampling excluded)")
        .add("n_projection", "1x1 projections of module inputs")
        .add("n_add", "pairwise element-wise additions")
        .add("n_concat", "channel concatenations")
        .add("n_truncation", "channel truncations (slices)")
        .add("num_vertices", "vertices of the pruned cell, input and output included")
        .add("num_edges", "edges of the pruned cell")
        .add("longest_path", "edges on the longest input-to-output path of the cell")
        .add("input_fanout", "edges leaving the cell input (each one a projection)")
        .add("output_fanin", "edges entering the cell output")
        .add("input_output_edge", "1 when the input feeds the output directly");
    for (int y = 1; y < PADDED; y++) {
      for (int x = 0; x < y; x++) {
        s.add("adj_" + x + "_" + y, "edge " + x + " -> " + y + " of the cell padded to 7 vertices");
      }
    }
    for (int v = 1; v < PADDED - 1; v++) {
      for (Nb101Op op : Nb101Op.INTERIOR) {
        s.add("op" + v + "_" + shortName(op), "1 when padded vertex " + v + " is " + op.officialName());
      }
    }
    // appended last so the earlier columns keep their positions
    for (int stack = 0; stack < Nb101Network.STACKS; stack++) {
      s.add("macs_conv3x3_stack" + stack, "MACs of the 3x3 convs of stack " + stack + " (cell ops; the stem belongs to no stack)");
      s.add("macs_conv1x1_stack" + stack, "MACs of the 1x1 convs of stack " + stack + " (cell ops and projections):"
          + " on a CPU the cost per MAC differs by kernel size and width");
    }
    return s.build();
  }

  private static String shortName(Nb101Op op) {
    return switch (op) {
      case CONV3X3 -> "conv3x3";
      case CONV1X1 -> "conv1x1";
      case MAXPOOL3X3 -> "maxpool";
      default -> throw new AssertionError(op);
    };
  }

  /** The features of a cell in {@link #SCHEMA} order. */
  public static long[] compute(Nb101Cell cell) {
    Network network = Nb101Network.build(cell);
    NetworkStats stats = NetworkStats.of(network, Nb101Network.STACKS);
    long[] row = new long[SCHEMA.size()];
    int i = 0;
    row[i++] = stats.params();
    row[i++] = stats.macs();
    for (int s = 0; s < Nb101Network.STACKS; s++) {
      row[i++] = stats.stageMacs(s);
    }
    row[i++] = stats.readBytes();
    row[i++] = stats.writeBytes();
    row[i++] = stats.kernels();
    row[i++] = stats.criticalPath();
    row[i++] = stats.convs(LayerRole.CELL_OP, 3);
    row[i++] = stats.convs(LayerRole.CELL_OP, 1);
    row[i++] = stats.count(LayerRole.CELL_OP, LayerKind.MAX_POOL);
    row[i++] = stats.count(LayerRole.PROJECTION, LayerKind.CONV);
    row[i++] = stats.count(LayerKind.ADD);
    row[i++] = stats.count(LayerKind.CONCAT);
    row[i++] = stats.count(LayerKind.SLICE);
    int v = cell.vertices();
    row[i++] = v;
    row[i++] = cell.edges();
    row[i++] = longestPath(cell);
    row[i++] = fanOut(cell, 0);
    row[i++] = fanIn(cell, v - 1);
    row[i++] = cell.hasEdge(0, v - 1) ? 1 : 0;
    for (int y = 1; y < PADDED; y++) {
      for (int x = 0; x < y; x++) {
        row[i++] = cell.hasEdge(unpad(x, v), unpad(y, v)) ? 1 : 0;
      }
    }
    for (int p = 1; p < PADDED - 1; p++) {
      int vertex = unpad(p, v);
      for (Nb101Op op : Nb101Op.INTERIOR) {
        row[i++] = vertex > 0 && vertex < v - 1 && cell.op(vertex) == op ? 1 : 0;
      }
    }
    for (int stack = 0; stack < Nb101Network.STACKS; stack++) {
      row[i++] = stats.convMacs(stack, 3);
      row[i++] = stats.convMacs(stack, 1);
    }
    return row;
  }

  /** The cell vertex at padded position p, or -1 for a padding vertex. */
  private static int unpad(int p, int v) {
    if (p == PADDED - 1) {
      return v - 1;
    }
    return p < v - 1 ? p : -1;
  }

  private static int longestPath(Nb101Cell cell) {
    int v = cell.vertices();
    int[] longest = new int[v];
    for (int y = 1; y < v; y++) {
      longest[y] = Integer.MIN_VALUE;
      for (int x = 0; x < y; x++) {
        if (cell.hasEdge(x, y) && longest[x] != Integer.MIN_VALUE) {
          longest[y] = Math.max(longest[y], longest[x] + 1);
        }
      }
    }
    return longest[v - 1];
  }

  private static int fanOut(Nb101Cell cell, int x) {
    int n = 0;
    for (int y = x + 1; y < cell.vertices(); y++) {
      n += cell.hasEdge(x, y) ? 1 : 0;
    }
    return n;
  }

  private static int fanIn(Nb101Cell cell, int y) {
    int n = 0;
    for (int x = 0; x < y; x++) {
      n += cell.hasEdge(x, y) ? 1 : 0;
    }
    return n;
  }
}
