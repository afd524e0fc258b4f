package dev.leti.features.nb101;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of a cell: among all relabellings of its interior vertices that keep the matrix upper
 * triangular, the one with the smallest bitmask, then the lexicographically smallest labelling. That is the
 * first of its isomorphism class that the official enumeration meets, hence the form the dataset stores and the
 * one whose network the dataset trained (channel split depends on vertex order).
 */
final class Canonicalizer {
  /** PERMUTATIONS[v]: every permutation of vertices 1..v-2, input and output fixed; perm[old] = new. */
  private static final int[][][] PERMUTATIONS = new int[UpperTriangle.MAX_VERTICES + 1][][];

  static {
    for (int v = 2; v <= UpperTriangle.MAX_VERTICES; v++) {
      List<int[]> perms = new ArrayList<>();
      int[] perm = new int[v];
      for (int i = 0; i < v; i++) {
        perm[i] = i;
      }
      permuteInterior(perm, 1, perms);
      PERMUTATIONS[v] = perms.toArray(new int[0][]);
    }
  }

  private Canonicalizer() {}

  /** The canonical form of a pruned cell, as {@code [bits, labels...]} packed into a cell. */
  static Nb101Cell canonicalize(int vertices, int bits, byte[] labels) {
    int bestBits = bits;
    byte[] bestLabels = labels;
    for (int[] perm : PERMUTATIONS[vertices]) {
      int permuted = UpperTriangle.permute(bits, perm);
      if (permuted < 0 || permuted > bestBits) {
        continue;
      }
      byte[] relabelled = relabel(labels, perm);
      if (permuted < bestBits || Arrays.compare(relabelled, bestLabels) < 0) {
        bestBits = permuted;
        bestLabels = relabelled;
      }
    }
    return new Nb101Cell(vertices, bestBits, bestLabels);
  }

  /**
   * For enumeration: the relabellings that map this full DAG's mask onto itself (its automorphisms, identity
   * included), or null when some relabelling gives a smaller mask, in which case no labelling of this matrix is
   * canonical.
   */
  static int[][] automorphismsIfMinimal(int vertices, int bits) {
    List<int[]> same = new ArrayList<>();
    for (int[] perm : PERMUTATIONS[vertices]) {
      int permuted = UpperTriangle.permute(bits, perm);
      if (permuted < 0) {
        continue;
      }
      if (permuted < bits) {
        return null;
      }
      if (permuted == bits) {
        same.add(perm);
      }
    }
    return same.toArray(new int[0][]);
  }

  /** True when no automorphism of the mask gives a smaller labelling. */
  static boolean isCanonicalLabelling(byte[] labels, int[][] automorphisms) {
    for (int[] perm : automorphisms) {
      if (Arrays.compare(relabel(labels, perm), labels) < 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] relabel(byte[] labels, int[] perm) {
    byte[] out = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[perm[i + 1] - 1] = labels[i];
    }
    return out;
  }

  private static void permuteInterior(int[] perm, int from, List<int[]> out) {
    int last = perm.length - 1;
    if (from >= last) {
      out.add(perm.clone());
      return;
    }
    for (int i = from; i < last; i++) {
      swap(perm, from, i);
      permuteInterior(perm, from + 1, out);
      swap(perm, from, i);
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
