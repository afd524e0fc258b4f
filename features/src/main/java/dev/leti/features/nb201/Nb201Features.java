package dev.leti.features.nb201;

import dev.leti.features.FeatureSchema;
import dev.leti.features.net.Network;
import dev.leti.features.net.NetworkStats;

/**
 * Latency features of a NAS-Bench-201 arch: whole-network totals of the built network (see {@link NetworkStats}),
 * cell-level counts and depth, and the fixed one-hot encoding of the six edges. Column order is {@link #SCHEMA}.
 */
public final class Nb201Features {
  /** The dataset {@link #compute(Nb201Arch)} builds the network for. */
  public static final Nb201Dataset DEFAULT_DATASET = Nb201Dataset.CIFAR10;

  public static final FeatureSchema SCHEMA = schema();

  private Nb201Features() {}

  private static FeatureSchema schema() {
    FeatureSchema.Builder s = FeatureSchema.builder()
        .add("params", "trainable parameters, BN scale and shift included: NAS-Bench-201's 'params' x 1e6")
        .add("flops", "conv MACs + dense in*out+out: NAS-Bench-201's 'flops' x 1e6 (it counts MACs, no pools)")
        .add("macs_stage0", "MACs of stage 0 (5 cells at 16 channels)")
        .add("macs_stage1", "MACs of stage 1 (the 16->32 residual block and 5 cells at 32 channels)")
        .add("macs_stage2", "MACs of stage 2 (the 32->64 residual block and 5 cells at 64 channels)")
        .add("mem_read_bytes", "activation bytes read by all layers at fp32, each input counted once per reader")
        .add("mem_write_bytes", "activation bytes written by all layers at fp32")
        .add("kernels", "layers other than the input: one kernel launch each at batch 1")
        .add("critical_path", "kernels on the longest dependency chain of the network")
        .add("n_none", "cell edges with op none")
        .add("n_skip", "cell edges with op skip_connect")
        .add("n_conv1x1", "cell edges with op nor_conv_1x1")
        .add("n_conv3x3", "cell edges with op nor_conv_3x3")
        .add("n_avgpool", "cell edges with op avg_pool_3x3")
        .add("n_edges", "cell edges that are not none")
        .add("connected", "1 if non-none edges connect cell input (node 0) to output (node 3), else 0: a"
            + " disconnected cell outputs zeros")
        .add("longest_path", "edges on the longest chain of non-none edges from node 0 to node 3, 0 if none");
    for (int e = 0; e < Nb201Arch.EDGES; e++) {
      for (Nb201Op op : Nb201Op.values()) {
        s.add(oneHotName(e, op), "1 if edge " + e + " (node " + Nb201Arch.edgeFrom(e) + " -> node "
            + Nb201Arch.edgeTo(e) + ") is " + op.officialName() + ", else 0");
      }
    }
    return s.build();
  }

  /** Name of a one-hot column, e.g. {@code e0_none}, {@code e5_nor_conv_3x3}. */
  public static String oneHotName(int edge, Nb201Op op) {
    return "e" + edge + "_" + op.officialName();
  }

  /** Features of the arch's network for CIFAR-10 (10 classes, 32x32). */
  public static long[] compute(Nb201Arch arch) {
    return compute(arch, DEFAULT_DATASET);
  }

  /** Features of the arch's network for a dataset; the cell columns do not depend on it. */
  public static long[] compute(Nb201Arch arch, Nb201Dataset dataset) {
    Network network = Nb201Network.build(arch, dataset);
    NetworkStats stats = NetworkStats.of(network, Nb201Network.STAGES);
    long[] row = new long[SCHEMA.size()];
    int k = 0;
    row[k++] = stats.params();
    row[k++] = stats.macs();
    for (int stage = 0; stage < Nb201Network.STAGES; stage++) {
      row[k++] = stats.stageMacs(stage);
    }
    row[k++] = stats.readBytes();
    row[k++] = stats.writeBytes();
    row[k++] = stats.kernels();
    row[k++] = stats.criticalPath();
    int[] perOp = new int[Nb201Op.COUNT];
    for (Nb201Op op : arch.ops()) {
      perOp[op.index()]++;
    }
    for (int n : perOp) {
      row[k++] = n;
    }
    row[k++] = Nb201Arch.EDGES - perOp[Nb201Op.NONE.index()];
    int longest = longestPath(arch);
    row[k++] = longest > 0 ? 1 : 0;
    row[k++] = longest;
    for (int e = 0; e < Nb201Arch.EDGES; e++) {
      for (Nb201Op op : Nb201Op.values()) {
        row[k++] = arch.op(e) == op ? 1 : 0;
      }
    }
    if (k != row.length) {
      throw new AssertionError("wrote " + k + " features, schema has " + row.length);
    }
    return row;
  }

  /** Edges on the longest chain of non-none edges from node 0 to node 3; 0 when there is no such chain. */
  static int longestPath(Nb201Arch arch) {
    // depth[j] = longest chain 0 -> j, -1 if node j is not reachable; nodes are in topological order.
    int[] depth = new int[Nb201Arch.NODES];
    depth[0] = 0;
    for (int j = 1; j < Nb201Arch.NODES; j++) {
      depth[j] = -1;
      for (int i = 0; i < j; i++) {
        if (depth[i] >= 0 && arch.op(i, j) != Nb201Op.NONE) {
          depth[j] = Math.max(depth[j], depth[i] + 1);
        }
      }
    }
    return Math.max(depth[Nb201Arch.NODES - 1], 0);
  }
}
