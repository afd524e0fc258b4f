package dev.leti.features.nb101;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The whole NAS-Bench-101 space in the official enumeration order ({@code generate_graphs.py}): vertex count
 * 2..7, then adjacency mask ascending, then labelling in {@code itertools.product} order; a labelled graph is
 * kept the first time its isomorphism class is met.
 *
 * <p>Instead of hashing all 1,293,208 labelled graphs to find first occurrences, it keeps exactly those that are
 * their own canonical form (smallest mask, then smallest labelling, over all relabellings); the first member of
 * a class in enumeration order is by definition that one. Within this space hash classes and isomorphism classes
 * coincide (the official authors checked it exhaustively), and the tests cross-check both ways of de-duplicating.
 */
public final class Nb101Space {
  /** Unique cells in the space (official figure). */
  public static final int SIZE = 423_624;
  /** Labelled full DAGs with at most 9 edges that the official enumeration visits. */
  public static final int LABELLED_GRAPHS = 1_293_208;

  private Nb101Space() {}

  /** Every unique cell, canonical form, official order. About 0.3 s; the list is new on each call. */
  public static List<Nb101Cell> enumerate() {
    List<Nb101Cell> cells = new ArrayList<>(SIZE);
    for (int v = 2; v <= Nb101Cell.MAX_VERTICES; v++) {
      for (int bits = 0; bits < 1 << UpperTriangle.bitCount(v); bits++) {
        if (Integer.bitCount(bits) > Nb101Cell.MAX_EDGES || !UpperTriangle.isFullDag(bits, v)) {
          continue;
        }
        int[][] automorphisms = Canonicalizer.automorphismsIfMinimal(v, bits);
        if (automorphisms == null) {
          continue;
        }
        int vertices = v;
        int mask = bits;
        forEachLabelling(v - 2, labels -> {
          if (Canonicalizer.isCanonicalLabelling(labels, automorphisms)) {
            cells.add(new Nb101Cell(vertices, mask, labels.clone()));
          }
        });
      }
    }
    return cells;
  }

  /** Number of labelled graphs the official enumeration visits (each full DAG times 3^(V-2) labellings). */
  public static long countLabelledGraphs() {
    long total = 0;
    for (int v = 2; v <= Nb101Cell.MAX_VERTICES; v++) {
      long labellings = (long) Math.pow(Nb101Op.INTERIOR.size(), v - 2);
      for (int bits = 0; bits < 1 << UpperTriangle.bitCount(v); bits++) {
        if (Integer.bitCount(bits) <= Nb101Cell.MAX_EDGES && UpperTriangle.isFullDag(bits, v)) {
          total += labellings;
        }
      }
    }
    return total;
  }

  /**
   * {@code n} distinct cells drawn uniformly from the space with {@link Random} seeded by {@code seed} (whose
   * algorithm the Java specification fixes, so a seed names the same sample on every JVM), in draw order.
   */
  public static List<Nb101Cell> sample(int n, long seed) {
    if (n < 0 || n > SIZE) {
      throw new IllegalArgumentException("sample size must be 0.." + SIZE + ", got " + n);
    }
    List<Nb101Cell> all = enumerate();
    Random random = new Random(seed);
    // partial Fisher-Yates: the first n positions end up a uniform sample without replacement
    for (int i = 0; i < n; i++) {
      Collections.swap(all, i, i + random.nextInt(all.size() - i));
    }
    return new ArrayList<>(all.subList(0, n));
  }

  interface LabellingConsumer {
    void accept(byte[] labels);
  }

  /** Calls {@code consumer} for every labelling of {@code interior} vertices, last vertex varying fastest. */
  static void forEachLabelling(int interior, LabellingConsumer consumer) {
    byte[] labels = new byte[interior];
    int ops = Nb101Op.INTERIOR.size();
    while (true) {
      consumer.accept(labels);
      int i = interior - 1;
      while (i >= 0 && labels[i] == ops - 1) {
        labels[i--] = 0;
      }
      if (i < 0) {
        return;
      }
      labels[i]++;
    }
  }
}
