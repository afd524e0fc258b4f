package dev.leti.collector.campaign;

import java.time.Duration;

/**
 * Exponential backoff for transient device failures (a phone unplugged, adb restarting): the n-th retry waits
 * {@code initial × factor^n}, capped at {@code max}; after {@code maxRetries} the device counts as gone for now.
 */
public record Backoff(Duration initial, Duration max, double factor, int maxRetries) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 8);

  public Backoff {
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got " + initial + ", " + max);
    }
    if (factor < 1) {
      throw new IllegalArgumentException("backoff factor must be >= 1, got " + factor);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("max retries must be >= 0, got " + maxRetries);
    }
  }

  /** The wait before retry {@code retry} (0-based). */
  public Duration delay(int retry) {
    double ms = initial.toMillis() * Math.pow(factor, retry);
    return ms >= max.toMillis() ? max : Duration.ofMillis((long) ms);
  }
}
