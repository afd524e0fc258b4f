package dev.leti.collector.session;

import dev.leti.collector.device.ClockReading;

/**
 * A session as the lake gets it: its key and attempt, the device's temperature and clocks before it, and either
 * the runner's complete output or why it failed.
 */
public record MeasuredSession(SessionKey key, int attempt, Double temperatureC, ClockReading clocks,
    RunnerOutput output, String failure) {
  public MeasuredSession {
    if ((output == null) == (failure == null)) {
      throw new IllegalArgumentException("a session has either an output or a failure, session " + key.sessionId(attempt));
    }
    clocks = clocks == null ? ClockReading.UNKNOWN : clocks;
  }

  public static MeasuredSession ok(SessionKey key, int attempt, Double temperatureC, ClockReading clocks,
      RunnerOutput output) {
    if (output.problem() != null) {
      throw new IllegalArgumentException("incomplete runner output for " + key.sessionId(attempt) + ": " + output.problem());
    }
    return new MeasuredSession(key, attempt, temperatureC, clocks, output, null);
  }

  public static MeasuredSession failed(SessionKey key, int attempt, Double temperatureC, String failure) {
    return new MeasuredSession(key, attempt, temperatureC, null, null, failure);
  }

  public boolean isOk() {
    return failure == null;
  }

  /** The clock of what ran the session (see {@link ClockReading#forBackend}); null for a failed session. */
  public Double clockMhz() {
    return isOk() ? clocks.forBackend(output.header().backend()) : null;
  }

  public String sessionId() {
    return key.sessionId(attempt);
  }
}
