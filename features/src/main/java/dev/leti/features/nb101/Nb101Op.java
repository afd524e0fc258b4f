package dev.leti.features.nb101;

import java.util.Arrays;
import java.util.List;

/**
 * The op names of NAS-Bench-101. The interior ops are in the official {@code available_ops} order, which the
 * graph hash uses as labels: conv3x3 = 0, conv1x1 = 1, maxpool = 2; the input is -1 and the output -2.
 */
public enum Nb101Op {
  CONV3X3("conv3x3-bn-relu", 0),
  CONV1X1("conv1x1-bn-relu", 1),
  MAXPOOL3X3("maxpool3x3", 2),
  INPUT("input", -1),
  OUTPUT("output", -2);

  /** The ops allowed at interior vertices, indexed by label. */
  public static final List<Nb101Op> INTERIOR = List.of(CONV3X3, CONV1X1, MAXPOOL3X3);

  private final String officialName;
  private final int label;

  Nb101Op(String officialName, int label) {
    this.officialName = officialName;
    this.label = label;
  }

  public String officialName() {
    return officialName;
  }

  public int label() {
    return label;
  }

  public static Nb101Op interior(int label) {
    return INTERIOR.get(label);
  }

  /** The op with this official name, or null. */
  static Nb101Op byName(String name) {
    for (Nb101Op op : values()) {
      if (op.officialName.equals(name)) {
        return op;
      }
    }
    return null;
  }

  static String allowedNames() {
    return Arrays.toString(INTERIOR.stream().map(Nb101Op::officialName).toArray());
  }

  @Override
  public String toString() {
    return officialName;
  }
}
