package dev.leti.features.nb201;

/**
 * NAS-Bench-201's official arch index ({@code api[i]}, {@code query_index_by_arch}).
 *
 * <p>The official generator lists all archs in nested product order (node 1's op outermost, node 3's op~2
 * innermost, each position running over the ops in canonical order, rightmost fastest: that is the order of
 * {@link Nb201Arch#code()}), then calls {@code random.seed(88); random.shuffle(archs)} under CPython 3. The
 * position after the shuffle is the index. {@link PythonRandom} reproduces those draws, so the order is computed
 * here instead of shipped as a table.
 */
public final class Nb201Index {
  /** The official generator's seed. */
  static final int SEED = 88;

  private Nb201Index() {}

  /** 15,625. */
  public static int size() {
    return Nb201Arch.SPACE_SIZE;
  }

  /** The arch at an official index. */
  public static Nb201Arch arch(int index) {
    if (index < 0 || index >= Nb201Arch.SPACE_SIZE) {
      throw new IllegalArgumentException("NAS-Bench-201 index " + index + " out of range 0.."
          + (Nb201Arch.SPACE_SIZE - 1));
    }
    return Nb201Arch.fromCode(Order.CODE_AT_INDEX[index]);
  }

  /** The official index of an arch. */
  public static int indexOf(Nb201Arch arch) {
    if (arch == null) {
      throw new IllegalArgumentException("arch is null");
    }
    return Order.INDEX_OF_CODE[arch.code()];
  }

  /** Computed on first use; the JVM's class initialisation makes it thread-safe without locks. */
  private static final class Order {
    static final int[] CODE_AT_INDEX = shuffledCodes();
    static final int[] INDEX_OF_CODE = invert(CODE_AT_INDEX);

    private static int[] shuffledCodes() {
      int[] codes = new int[Nb201Arch.SPACE_SIZE];
      for (int c = 0; c < codes.length; c++) {
        codes[c] = c;
      }
      new PythonRandom(SEED).shuffle(codes);
      return codes;
    }

    private static int[] invert(int[] codes) {
      int[] index = new int[codes.length];
      for (int i = 0; i < codes.length; i++) {
        index[codes[i]] = i;
      }
      return index;
    }
  }
}
