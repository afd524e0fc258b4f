package dev.leti.features.nb201;

import java.util.List;

/**
 * CPython 3's {@code random.Random} (MT19937), ported just far enough to reproduce {@code random.seed(n)} for an
 * int n, {@code getrandbits(k)} for k <= 32 and {@code random.shuffle}. NAS-Bench-201's official index is the
 * position after {@code random.seed(88); random.shuffle(archs)}, so every step here must match CPython exactly:
 * the seeding goes through {@code init_by_array}, and shuffle draws with {@code _randbelow_with_getrandbits}
 * (rejection sampling on the top bits, not a modulo or a float multiply). Python 2 would give another order.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
final class PythonRandom {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int mti;

  /** Same as {@code random.Random(seed)}. */
  PythonRandom(long seed) {
    seed(seed);
  }

  /**
   * Same as {@code random.seed(seed)} for a non-negative int: CPython splits the number into 32-bit words, least
   * significant first (one word [0] for zero), and feeds them to {@code init_by_array}.
   */
  void seed(long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException("seed must be non-negative, got " + seed);
    }
    int high = (int) (seed >>> 32);
    int[] key = high == 0 ? new int[] {(int) seed} : new int[] {(int) seed, high};
    initByArray(key);
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (int i = 1; i < N; i++) {
      // int arithmetic wraps mod 2^32 like the C code's masked unsigned longs.
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    mti = N;
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial array
  }

  /** The next 32-bit output, as the bits of an int (read it unsigned). */
  int nextUint32() {
    if (mti >= N) {
      twist();
    }
    int y = mt[mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  private void twist() {
    int kk = 0;
    for (; kk < N - M; kk++) {
      int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
    }
    for (; kk < N - 1; kk++) {
      int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
    }
    int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
    mti = 0;
  }

  /** {@code getrandbits(k)} for 0 <= k <= 32: the top k bits of one output; k = 0 draws nothing. */
  long getrandbits(int k) {
    if (k < 0 || k > 32) {
      throw new IllegalArgumentException("getrandbits supports 0..32 bits here, got " + k);
    }
    if (k == 0) {
      return 0;
    }
    return Integer.toUnsignedLong(nextUint32()) >>> (32 - k);
  }

  /** {@code _randbelow(n)}: uniform in [0, n), by redrawing bit_length(n) bits until the value is below n. */
  int randbelow(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("randbelow needs n > 0, got " + n);
    }
    int k = 32 - Integer.numberOfLeadingZeros(n);
    long r = getrandbits(k);
    while (r >= n) {
      r = getrandbits(k);
    }
    return (int) r;
  }

  /** {@code random.shuffle(x)}: Fisher-Yates from the end, j = randbelow(i + 1). */
  void shuffle(int[] x) {
    for (int i = x.length - 1; i > 0; i--) {
      int j = randbelow(i + 1);
      int t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /** {@code random.shuffle(x)} on a list, same draws as {@link #shuffle(int[])}. */
  <T> void shuffle(List<T> x) {
    for (int i = x.size() - 1; i > 0; i--) {
      int j = randbelow(i + 1);
      x.set(i, x.set(j, x.get(i)));
    }
  }
}
