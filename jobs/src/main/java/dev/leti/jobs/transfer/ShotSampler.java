package dev.leti.jobs.transfer;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded choice of the archs a few-shot fit may measure. The pool is shuffled once per seed and the first k taken,
 * so for one seed the 5 shots are among the 10, the 10 among the 20, and so on: a curve over k adds measurements
 * instead of drawing new ones.
 */
public final class ShotSampler {
  private ShotSampler() {}

  /** @param pool positions the shots may come from, in a fixed order (e.g. sorted by arch id) */
  public static int[] sample(int[] pool, int k, long seed) {
    if (k < 0 || k > pool.length) {
      throw new IllegalArgumentException("cannot take " + k + " shots from a pool of " + pool.length + " archs");
    }
    int[] shuffled = pool.clone();
    Random random = new Random(seed);
    for (int i = shuffled.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    return Arrays.copyOf(shuffled, k);
  }

  /** Positions 0..n-1. */
  public static int[] all(int n) {
    int[] out = new int[n];
    Arrays.setAll(out, i -> i);
    return out;
  }

  /** {@code all} minus {@code removed}, in the order of {@code all}: the archs a fit did not see. */
  public static int[] without(int[] all, int[] removed) {
    java.util.Set<Integer> gone = new java.util.HashSet<>();
    for (int r : removed) {
      gone.add(r);
    }
    return Arrays.stream(all).filter(i -> !gone.contains(i)).toArray();
  }
}
