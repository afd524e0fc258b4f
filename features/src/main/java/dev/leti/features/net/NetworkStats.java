package dev.leti.features.net;

/**
 * Whole-network totals that a latency model can use: the work (MACs), the traffic (activation bytes at fp32),
 * the number of kernels a runtime launches and how many of them lie on the longest dependency chain. At batch 1
 * on a mobile GPU the kernel counts matter more than the MACs.
 */
public final class NetworkStats {
  private static final int BYTES_PER_ELEMENT = 4;

  private final long params;
  private final long macs;
  private final long[] stageMacs;
  private final long readBytes;
  private final long writeBytes;
  private final int kernels;
  private final int criticalPath;
  private final int[][] countByRoleAndKind = new int[LayerRole.values().length][LayerKind.values().length];
  private final int[][] convsByRoleAndKernel = new int[LayerRole.values().length][8];
  private final long[][] convMacsByStageAndKernel;

  private NetworkStats(Network network, int stages) {
    long p = 0;
    long m = 0;
    long read = 0;
    long write = 0;
    int launched = 0;
    int longest = 0;
    long[] perStage = new long[stages];
    int[] depth = new int[network.layers().size()];
    convMacsByStageAndKernel = new long[stages][8];
    for (Layer l : network.layers()) {
      p += l.params();
      m += l.macs();
      if (l.stage() >= 0 && l.stage() < stages) {
        perStage[l.stage()] += l.macs();
      }
      countByRoleAndKind[l.role().ordinal()][l.kind().ordinal()]++;
      if (l.kind() == LayerKind.CONV && l.kernel() < 8) {
        convsByRoleAndKernel[l.role().ordinal()][l.kernel()]++;
        if (l.stage() >= 0 && l.stage() < stages) {
          convMacsByStageAndKernel[l.stage()][l.kernel()] += l.macs();
        }
      }
      if (l.kind() == LayerKind.INPUT) {
        continue;
      }
      launched++;
      int d = 0;
      for (int i = 0; i < l.inputCount(); i++) {
        Layer in = network.layer(l.input(i));
        read += in.output().elements();
        d = Math.max(d, depth[in.id()]);
      }
      depth[l.id()] = d + 1;
      longest = Math.max(longest, depth[l.id()]);
      write += l.output().elements();
    }
    this.params = p;
    this.macs = m;
    this.stageMacs = perStage;
    this.readBytes = read * BYTES_PER_ELEMENT;
    this.writeBytes = write * BYTES_PER_ELEMENT;
    this.kernels = launched;
    this.criticalPath = longest;
  }

  /** Totals of {@code network}, with MACs split over stages 0..stages-1. */
  public static NetworkStats of(Network network, int stages) {
    return new NetworkStats(network, stages);
  }

  public long params() {
    return params;
  }

  public long macs() {
    return macs;
  }

  public long stageMacs(int stage) {
    return stageMacs[stage];
  }

  /** Activation bytes read by all layers (fp32), inputs counted once per reader. */
  public long readBytes() {
    return readBytes;
  }

  /** Activation bytes written by all layers (fp32). */
  public long writeBytes() {
    return writeBytes;
  }

  /** Layers other than the input: one kernel launch each. */
  public int kernels() {
    return kernels;
  }

  /** Kernels on the longest chain from input to any layer: the part a runtime cannot overlap. */
  public int criticalPath() {
    return criticalPath;
  }

  public int count(LayerKind kind) {
    int n = 0;
    for (int[] byKind : countByRoleAndKind) {
      n += byKind[kind.ordinal()];
    }
    return n;
  }

  public int count(LayerRole role, LayerKind kind) {
    return countByRoleAndKind[role.ordinal()][kind.ordinal()];
  }

  /** MACs of the k x k convolutions (any role) of one stage: on a CPU their cost grows differently with k. */
  public long convMacs(int stage, int kernel) {
    return convMacsByStageAndKernel[stage][kernel];
  }

  public int convs(LayerRole role, int kernel) {
    return convsByRoleAndKernel[role.ordinal()][kernel];
  }
}
