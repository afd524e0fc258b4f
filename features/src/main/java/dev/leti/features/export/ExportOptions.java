package dev.leti.features.export;

/**
 * What besides the network decides an exported file's bytes.
 *
 * @param seed seeds every weight (see {@link SeededWeights})
 * @param precision how weights are stored
 */
public record ExportOptions(long seed, WeightPrecision precision) {
  public static final long DEFAULT_SEED = 1;
  public static final ExportOptions DEFAULT = new ExportOptions(DEFAULT_SEED, WeightPrecision.FP32);

  public ExportOptions {
    if (precision == null) {
      throw new IllegalArgumentException("precision is null");
    }
  }

  public ExportOptions withPrecision(WeightPrecision p) {
    return new ExportOptions(seed, p);
  }
}
