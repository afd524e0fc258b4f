package dev.leti.features.nb201;

import java.util.Arrays;

/**
 * The five edge ops of NAS-Bench-201, in the official canonical order
 * {@code ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]}. The order matters: it is the
 * digit order of {@link Nb201Arch#code()} and the iteration order that, before the shuffle, defines the official
 * index (see {@link Nb201Index}).
 */
public enum Nb201Op {
  /** Zeros: the edge contributes nothing to the node sum. */
  NONE("none", 0),
  /** Identity. */
  SKIP_CONNECT("skip_connect", 0),
  /** ReLU, then a 1x1 convolution without bias, then batch norm. */
  NOR_CONV_1X1("nor_conv_1x1", 1),
  /** ReLU, then a 3x3 convolution without bias, then batch norm. */
  NOR_CONV_3X3("nor_conv_3x3", 3),
  /** 3x3 average pool, stride 1, padding excluded from the count; no parameters. */
  AVG_POOL_3X3("avg_pool_3x3", 0);

  /** Number of ops; the base of {@link Nb201Arch#code()}. */
  public static final int COUNT = 5;

  private static final Nb201Op[] VALUES = values();

  private final String officialName;
  private final int convKernel;

  Nb201Op(String officialName, int convKernel) {
    this.officialName = officialName;
    this.convKernel = convKernel;
  }

  /** The name used in arch strings, e.g. {@code nor_conv_3x3}. */
  public String officialName() {
    return officialName;
  }

  /** Position in the canonical order, 0..4. */
  public int index() {
    return ordinal();
  }

  /** Whether the op is a ReLU-conv-BN block. */
  public boolean isConv() {
    return convKernel > 0;
  }

  /** Kernel size of the convolution, 0 for ops that are not convolutions. */
  public int convKernel() {
    return convKernel;
  }

  /** The op at this canonical position. */
  public static Nb201Op ofIndex(int index) {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException("op index " + index + " out of range 0.." + (COUNT - 1));
    }
    return VALUES[index];
  }

  /**
   * The op with this official name.
   *
   * @throws IllegalArgumentException naming the bad op and the allowed names
   */
  public static Nb201Op fromName(String name) {
    for (Nb201Op op : VALUES) {
      if (op.officialName.equals(name)) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown NAS-Bench-201 op " + (name == null ? "null" : "'" + name + "'")
        + "; allowed: " + allowedNames());
  }

  static String allowedNames() {
    return Arrays.toString(Arrays.stream(VALUES).map(Nb201Op::officialName).toArray());
  }

  @Override
  public String toString() {
    return officialName;
  }
}
