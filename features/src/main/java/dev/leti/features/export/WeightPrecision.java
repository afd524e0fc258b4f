package dev.leti.features.export;

import java.util.Locale;

/** How constant weights are stored in an exported model; activations are float32 either way. */
public enum WeightPrecision {
  FP32,
  /** float16 weights, each dequantized by a DEQUANTIZE op before use (the layout GPU delegates expect). */
  FP16;

  /** Lower-case name, as on the command line and in file names. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code fp32} or {@code fp16} (any case). */
  public static WeightPrecision parse(String text) {
    for (WeightPrecision p : values()) {
      if (p.label().equalsIgnoreCase(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException("weight precision must be fp32 or fp16, got '" + text + "'");
  }
}
