package dev.leti.jobs.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The per-session part of validation and cleaning, on the runs of one session in order (run index, then batch,
 * then source line). Plain Java: it sees a session at a time, so the pipeline needs one shuffle (by session)
 * for all of it.
 *
 * <p>Validation: runs that failed a row check keep that reason; of the others, a run whose device or arch
 * differs from the session's is {@code session_mismatch}; a run index seen before is {@code duplicate_run}; a
 * run that started before the previous kept run is {@code timestamp_out_of_order}.
 *
 * <p>Cleaning (see {@link CleaningRules}): over the session's measured (non-warm-up) runs, outliers by MAD or
 * IQR; then the session's median of good runs, drift between its first and last thirds, temperature rise and
 * clock drop, and whether it is used.
 */
final class SessionProcessor {

  /**
   * One run as the pass reads it ({@link SessionPass.RunReader}); {@code reason} is set by the row checks or here.
   * The measured fields are set when the row checks pass; the run index whenever the run has one.
   */
  static final class Run {
    UTF8String session;
    UTF8String batchId;
    int batchSeq;
    /** 0 when unknown ({@link #sourceLineKnown}): primitives, as every run is one of these. */
    long sourceLine;
    boolean sourceLineKnown;
    UTF8String device;
    UTF8String space;
    UTF8String arch;
    Integer runIndex;
    boolean warmup;
    double latency;
    /** Read for valid runs only. */
    long startedAt;
    /** NaN when unknown. */
    double temperature = Double.NaN;
    /** NaN when unknown. */
    double clock = Double.NaN;
    UTF8String backend;
    String reason;
    String detail;
    boolean outlier;
    boolean used;
  }

  /** What the session comes to; null statistics when it has no valid measured run. */
  static final class Session {
    UTF8String device;
    UTF8String space;
    UTF8String arch;
    UTF8String backend;
    long runs;
    long warmupRuns;
    long outlierRuns;
    long goodRuns;
    Double medianMs;
    Double madMs;
    Long firstStartedAt;
    Double temperatureRise;
    Double clockDrop;
    Double drift;
    boolean tooFewRuns;
    boolean drifting;
    boolean throttled;
    boolean used;
    /** The latencies of the used runs, ascending (what the medians are made of). */
    double[] usedMs = new double[0];
  }

  private final CleaningRules rules;

  SessionProcessor(CleaningRules rules) {
    this.rules = rules;
  }

  /**
   * Judges the runs of one session in place and returns the session, or null when no run of it is valid.
   *
   * @param expected device, space and arch of the session from its metadata, or null to take its first valid run's
   */
  Session process(List<Run> runs, UTF8String[] expected) {
    validate(runs, expected);
    List<Run> valid = new ArrayList<>();
    for (Run r : runs) {
      if (r.reason == null) {
        valid.add(r);
      }
    }
    return valid.isEmpty() ? null : clean(valid);
  }

  private void validate(List<Run> runs, UTF8String[] expected) {
    UTF8String[] session = expected;
    Integer previousIndex = null; // in run order, a repeated run index follows its first
    long previousStart = Long.MIN_VALUE;
    for (Run r : runs) {
      if (r.reason != null) {
        continue;
      }
      if (session == null) {
        session = new UTF8String[] {r.device, r.space, r.arch};
      }
      boolean duplicate = r.runIndex.equals(previousIndex);
      previousIndex = r.runIndex;
      if (!same(r.device, session[0]) || !same(r.space, session[1]) || !same(r.arch, session[2])) {
        r.reason = "session_mismatch";
        r.detail = "session is " + session[0] + " " + session[1] + " " + session[2];
        continue;
      }
      if (session[0] != r.device || session[1] != r.space || session[2] != r.arch) {
        // the run's own strings from now on: the next runs share them, so the comparisons above are by reference
        session = new UTF8String[] {r.device, r.space, r.arch};
      }
      if (duplicate) {
        r.reason = "duplicate_run";
      } else if (r.startedAt < previousStart) {
        r.reason = "timestamp_out_of_order";
        r.detail = "started " + r.startedAt + " before the previous run at " + previousStart;
      } else {
        previousStart = r.startedAt;
      }
    }
  }

  private static boolean same(UTF8String a, UTF8String b) {
    return a == b || a.equals(b);
  }

  private Session clean(List<Run> valid) {
    Session s = new Session();
    Run first = valid.get(0);
    s.device = first.device;
    s.space = first.space;
    s.arch = first.arch;
    s.runs = valid.size();
    double[] measured = new double[valid.size()];
    int n = 0;
    double tMin = Double.POSITIVE_INFINITY;
    double tMax = Double.NEGATIVE_INFINITY;
    double cMin = Double.POSITIVE_INFINITY;
    double cMax = Double.NEGATIVE_INFINITY;
    long firstStart = Long.MAX_VALUE;
    for (Run r : valid) {
      if (s.backend == null) {
        s.backend = r.backend;
      }
      firstStart = Math.min(firstStart, r.startedAt);
      if (!Double.isNaN(r.temperature)) {
        tMin = Math.min(tMin, r.temperature);
        tMax = Math.max(tMax, r.temperature);
      }
      if (!Double.isNaN(r.clock)) {
        cMin = Math.min(cMin, r.clock);
        cMax = Math.max(cMax, r.clock);
      }
      if (r.warmup) {
        s.warmupRuns++;
      } else {
        measured[n++] = r.latency;
      }
    }
    s.firstStartedAt = firstStart;
    s.temperatureRise = tMax >= tMin ? tMax - tMin : null;
    s.clockDrop = cMax >= cMin && cMax > 0 ? (cMax - cMin) / cMax : null;
    double[] sortedGood = n > 0 ? flagOutliers(valid, measured, n, s) : new double[0];
    double[] good = new double[n];
    int g = 0;
    for (Run r : valid) {
      if (!r.warmup && !r.outlier) {
        good[g++] = r.latency; // in run order, for the thirds
      }
    }
    s.goodRuns = g;
    s.outlierRuns = n - g;
    if (g > 0) {
      int third = g / 3;
      s.medianMs = Percentiles.of(sortedGood, g, 0.5);
      if (third > 0) {
        double[] head = Arrays.copyOfRange(good, 0, third);
        double[] tail = Arrays.copyOfRange(good, g - third, g);
        Arrays.sort(head);
        Arrays.sort(tail);
        s.drift = Math.abs(Percentiles.of(tail, third, 0.5) - Percentiles.of(head, third, 0.5)) / s.medianMs;
      }
    }
    s.tooFewRuns = g < rules.minGoodRuns();
    s.drifting = s.drift != null && s.drift > rules.driftThreshold();
    s.throttled = s.temperatureRise != null && s.temperatureRise > rules.maxTemperatureRise()
        || s.clockDrop != null && s.clockDrop > rules.maxClockDrop();
    s.used = !s.tooFewRuns && !(rules.excludeDrifting() && s.drifting)
        && !(rules.excludeThrottled() && s.throttled);
    for (Run r : valid) {
      r.used = s.used && !r.warmup && !r.outlier;
    }
    if (s.used) {
      s.usedMs = sortedGood;
    }
    return s;
  }

  /**
   * Flags the measured runs outside the rule's limits and returns the others' latencies, ascending: they are the
   * sorted measured latencies between the limits, so one sort serves the median, the MAD and the good runs.
   */
  private double[] flagOutliers(List<Run> valid, double[] measured, int n, Session s) {
    double[] sorted = Arrays.copyOf(measured, n);
    Arrays.sort(sorted);
    double median = Percentiles.of(sorted, n, 0.5);
    double mad = Percentiles.of(deviations(sorted, n, median), n, 0.5);
    s.madMs = mad;
    double floor = median * rules.minRelativeSpread();
    double low;
    double high;
    if (rules.outlierRule().equals("mad")) {
      double limit = rules.madK() * Math.max(1.4826 * mad, floor);
      low = median - limit;
      high = median + limit;
    } else {
      double q1 = Percentiles.of(sorted, n, 0.25);
      double q3 = Percentiles.of(sorted, n, 0.75);
      double fence = rules.iqrK() * Math.max(q3 - q1, floor);
      low = q1 - fence;
      high = q3 + fence;
    }
    for (Run r : valid) {
      r.outlier = !r.warmup && (r.latency < low || r.latency > high);
    }
    int from = 0;
    while (from < n && sorted[from] < low) {
      from++;
    }
    int to = n;
    while (to > from && sorted[to - 1] > high) {
      to--;
    }
    return Arrays.copyOfRange(sorted, from, to);
  }

  /**
   * The absolute deviations of sorted values from their median, ascending, without a sort: below the median they
   * grow leftwards, above it rightwards, so merging the two sides outwards orders them.
   */
  static double[] deviations(double[] sorted, int n, double median) {
    int right = 0;
    while (right < n && sorted[right] < median) {
      right++;
    }
    int left = right - 1;
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      double below = left >= 0 ? Math.abs(sorted[left] - median) : Double.POSITIVE_INFINITY;
      double above = right < n ? Math.abs(sorted[right] - median) : Double.POSITIVE_INFINITY;
      if (below <= above) {
        out[k] = below;
        left--;
      } else {
        out[k] = above;
        right++;
      }
    }
    return out;
  }
}
