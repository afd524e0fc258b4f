package dev.leti.jobs.pipeline;

import java.util.Locale;

/**
 * How runs and sessions are judged; every threshold is checked here so a bad value fails at start.
 *
 * @param outlierRule {@code mad}: a run is an outlier when |x - median| > madK * 1.4826 * MAD of its session
 *     (1.4826 makes MAD a standard-deviation estimate for normal noise); {@code iqr}: when x lies more than
 *     iqrK * IQR outside the session's quartiles
 * @param minRelativeSpread the spread used is at least this share of the median, so that whole-millisecond
 *     timings (MAD 0) do not make every other value an outlier
 * @param minGoodRuns a session with fewer non-warm-up, non-outlier runs does not count
 * @param driftThreshold a session drifts when the medians of its first and last thirds differ by more than this
 *     share of its median (warming up, throttling, background load)
 * @param maxTemperatureRise a session is throttled when the temperature rose more than this (degrees C) during it
 * @param maxClockDrop ... or the clock fell by more than this share of its maximum
 * @param excludeDrifting leave drifting sessions out of the medians (they are always flagged)
 * @param excludeThrottled leave throttled sessions out of the medians
 */
public record CleaningRules(String outlierRule, double madK, double iqrK, double minRelativeSpread, int minGoodRuns,
    double driftThreshold, double maxTemperatureRise, double maxClockDrop, boolean excludeDrifting,
    boolean excludeThrottled) implements java.io.Serializable {

  public static final CleaningRules DEFAULT = new CleaningRules("mad", 3.5, 1.5, 0.01, 5, 0.10, 5.0, 0.10, false,
      false);

  public CleaningRules {
    outlierRule = outlierRule == null ? "" : outlierRule.toLowerCase(Locale.ROOT);
    if (!outlierRule.equals("mad") && !outlierRule.equals("iqr")) {
      throw new IllegalArgumentException("outlier rule must be mad or iqr, got '" + outlierRule + "'");
    }
    positive("madK", madK);
    positive("iqrK", iqrK);
    if (minRelativeSpread < 0 || minRelativeSpread >= 1) {
      throw new IllegalArgumentException("minRelativeSpread must be in [0, 1), got " + minRelativeSpread);
    }
    if (minGoodRuns < 1) {
      throw new IllegalArgumentException("minGoodRuns must be at least 1, got " + minGoodRuns);
    }
    positive("driftThreshold", driftThreshold);
    positive("maxTemperatureRise", maxTemperatureRise);
    positive("maxClockDrop", maxClockDrop);
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive number, got " + value);
    }
  }
}
