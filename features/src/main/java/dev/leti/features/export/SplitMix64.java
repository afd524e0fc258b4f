package dev.leti.features.export;

/**
 * SplitMix64, written out so that a seed names the same weights on every JVM and forever (the JDK documents
 * {@code SplittableRandom}'s algorithm but does not promise to keep it). Fast enough to fill tens of millions of
 * weights per model.
 */
final class SplitMix64 {
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** An independent stream for one part of a model, e.g. (seed, layer id, tensor). */
  static SplitMix64 stream(long seed, int layer, int tensor) {
    return new SplitMix64(mix(mix(seed) ^ (((long) layer << 8) | tensor)));
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Fills {@code out} with values uniform in [lo, hi), two per 64-bit draw (24 bits each). */
  void fillUniform(float[] out, float lo, float hi) {
    float scale = (hi - lo) * 0x1p-24f;
    int i = 0;
    for (; i + 1 < out.length; i += 2) {
      long r = nextLong();
      out[i] = lo + (int) (r >>> 40) * scale;
      out[i + 1] = lo + (int) ((r >>> 8) & 0xffffff) * scale;
    }
    if (i < out.length) {
      out[i] = lo + (int) (nextLong() >>> 40) * scale;
    }
  }

  float[] uniform(int n, float lo, float hi) {
    float[] out = new float[n];
    fillUniform(out, lo, hi);
    return out;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
