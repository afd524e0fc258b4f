package dev.leti.features.export;

/**
 * A batch norm in inference mode, y = gamma * (x - mean) / sqrt(variance + epsilon) + beta, per channel.
 * Exported as a per-channel scale and shift ({@link #scale()}, {@link #shift()}).
 */
public record BatchNormParams(float[] gamma, float[] beta, float[] mean, float[] variance) {
  /** The epsilon of both NAS-Bench-101 (BN_EPSILON) and NAS-Bench-201 (PyTorch's default). */
  public static final double EPSILON = 1e-5;

  public int channels() {
    return gamma.length;
  }

  /** gamma / sqrt(variance + epsilon): what the conv weights of an output channel are multiplied by. */
  public float[] scale() {
    float[] s = new float[channels()];
    for (int c = 0; c < s.length; c++) {
      s[c] = (float) (gamma[c] / Math.sqrt(variance[c] + EPSILON));
    }
    return s;
  }

  /** beta - mean * scale: the bias left after folding. */
  public float[] shift() {
    float[] shift = new float[channels()];
    for (int c = 0; c < shift.length; c++) {
      shift[c] = (float) (beta[c] - mean[c] * (gamma[c] / Math.sqrt(variance[c] + EPSILON)));
    }
    return shift;
  }
}
