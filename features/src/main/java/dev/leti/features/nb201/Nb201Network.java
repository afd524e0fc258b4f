package dev.leti.features.nb201;

import dev.leti.features.net.LayerRole;
import dev.leti.features.net.Network;
import dev.leti.features.net.NetworkBuilder;
import dev.leti.features.net.Shape;

/**
 * Builds the network NAS-Bench-201 trains for an arch (the official TinyNetwork with C = 16, N = 5):
 * <pre>
 *   stem:    conv3x3 3->16 + BN (no ReLU)
 *   stage 0: 5 cells at 16 channels
 *   stage 1: residual block 16->32 stride 2, 5 cells at 32
 *   stage 2: residual block 32->64 stride 2, 5 cells at 64
 *   head:    BN + ReLU, global average pool, dense 64->classes
 * </pre>
 * Inside a cell each edge op is its own layers, as in the official model: a conv edge is a ReLU layer followed by
 * a conv with batch norm, so two conv edges leaving one node each have their own ReLU. Skip edges add no layer;
 * none edges add nothing to the sum. A node with no non-none input is a ZERO layer (the official model computes
 * {@code x * 0}); edges leaving such a node still run their ops on it, as the official model does.
 *
 * <p>Parameters and MACs come out of {@link NetworkBuilder}; they equal the official {@code params} and
 * {@code flops} (conv MACs plus dense in*out+out; see the tests).
 */
public final class Nb201Network {
  /** Search-space name of the built networks. */
  public static final String SPACE = "nb201";
  /** Channels of the first stage. */
  public static final int C = 16;
  /** Cells per stage. */
  public static final int CELLS_PER_STAGE = 5;
  public static final int STAGES = 3;

  private Nb201Network() {}

  /** The network for a dataset (its class count and input size). */
  public static Network build(Nb201Arch arch, Nb201Dataset dataset) {
    if (dataset == null) {
      throw new IllegalArgumentException("dataset is null");
    }
    return build(arch, dataset.classes(), dataset.inputSize());
  }

  /** The network for a 32x32 input (the CIFAR datasets) and {@code numClasses} outputs. */
  public static Network build(Nb201Arch arch, int numClasses) {
    return build(arch, numClasses, 32);
  }

  /** The network for a square RGB input of {@code inputSize} pixels and {@code numClasses} outputs. */
  public static Network build(Nb201Arch arch, int numClasses, int inputSize) {
    return build(arch, numClasses, inputSize, C);
  }

  /**
   * The same network with {@code channels} instead of {@link #C} in the first stage (doubled in each later one):
   * narrow networks make fast numeric checks of an export.
   */
  public static Network build(Nb201Arch arch, int numClasses, int inputSize, int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be positive, got " + channels);
    }
    if (arch == null) {
      throw new IllegalArgumentException("arch is null");
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
    }
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
    }
    NetworkBuilder b = new NetworkBuilder(SPACE, new Shape(inputSize, inputSize, 3));
    b.stage(-1);
    int x = b.conv(LayerRole.STEM, "stem", 0, 3, 1, channels, true, false);
    for (int stage = 0; stage < STAGES; stage++) {
      b.stage(stage);
      if (stage > 0) {
        x = residualBlock(b, "s" + stage + "/reduce", x, channels * 2);
        channels *= 2;
      }
      for (int cell = 0; cell < CELLS_PER_STAGE; cell++) {
        x = cell(b, "s" + stage + "c" + cell, x, arch);
      }
    }
    b.stage(-1);
    x = b.batchNorm(LayerRole.HEAD, "lastact", x, true);
    x = b.globalAvgPool(LayerRole.HEAD, "gap", x);
    b.dense(LayerRole.HEAD, "classifier", x, numClasses);
    return b.build();
  }

  /** ResNetBasicblock with stride 2: shortcut (avg pool 2x2, conv1x1) + conv_b(conv_a(x)). */
  private static int residualBlock(NetworkBuilder b, String name, int in, int out) {
    int a = b.relu(LayerRole.REDUCTION, name + "/conv_a/relu", in);
    a = b.conv(LayerRole.REDUCTION, name + "/conv_a", a, 3, 2, out, true, false);
    int c = b.relu(LayerRole.REDUCTION, name + "/conv_b/relu", a);
    c = b.conv(LayerRole.REDUCTION, name + "/conv_b", c, 3, 1, out, true, false);
    int s = b.avgPool(LayerRole.REDUCTION, name + "/shortcut/pool", in, 2, 2);
    s = b.conv(LayerRole.REDUCTION, name + "/shortcut/conv", s, 1, 1, out, false, false);
    return b.sum(LayerRole.MERGE, name + "/add", s, c);
  }

  /** One cell; returns the layer holding node 3. */
  private static int cell(NetworkBuilder b, String name, int in, Nb201Arch arch) {
    int[] node = new int[Nb201Arch.NODES];
    node[0] = in;
    for (int j = 1; j < Nb201Arch.NODES; j++) {
      int sum = -1;
      for (int i = 0; i < j; i++) {
        Nb201Op op = arch.op(i, j);
        String edge = name + "/n" + j + "<-n" + i;
        int term;
        switch (op) {
          case NONE:
            continue;
          case SKIP_CONNECT:
            term = node[i];
            break;
          case AVG_POOL_3X3:
            term = b.avgPool(LayerRole.CELL_OP, edge + "/" + op.officialName(), node[i], 3, 1);
            break;
          case NOR_CONV_1X1:
          case NOR_CONV_3X3:
            term = b.relu(LayerRole.CELL_OP, edge + "/relu", node[i]);
            term = b.conv(LayerRole.CELL_OP, edge + "/" + op.officialName(), term, op.convKernel(), 1,
                b.shape(node[i]).channels(), true, false);
            break;
          default:
            throw new AssertionError("unhandled op " + op);
        }
        // Sum left to right in increasing source order: ((t0 + t1) + t2).
        sum = sum < 0 ? term : b.sum(LayerRole.MERGE, name + "/n" + j + "/add<-n" + i, sum, term);
      }
      node[j] = sum >= 0 ? sum : b.zero(LayerRole.CELL_OP, name + "/n" + j + "/zero", b.shape(in));
    }
    return node[Nb201Arch.NODES - 1];
  }
}
