package dev.leti.collector.session;

/**
 * A session as the lake gets it: its key and attempt, the device's temperature before it, and either the
 * runner's complete output or why it failed.
 */
public record MeasuredSession(SessionKey key, int attempt, Double temperatureC, RunnerOutput output, String failure) {
  public MeasuredSession {
    if ((output == null) == (failure == null)) {
      throw new IllegalArgumentException("a session has either an output or a failure, session " + key.sessionId(attempt));
    }
  }

  public static MeasuredSession ok(SessionKey key, int attempt, Double temperatureC, RunnerOutput output) {
    if (output.problem() != null) {
      throw new IllegalArgumentException("incomplete runner output for " + key.sessionId(attempt) + ": " + output.problem());
    }
    return new MeasuredSession(key, attempt, temperatureC, output, null);
  }

  public static MeasuredSession failed(SessionKey key, int attempt, Double temperatureC, String failure) {
    return new MeasuredSession(key, attempt, temperatureC, null, failure);
  }

  public boolean isOk() {
    return failure == null;
  }

  public String sessionId() {
    return key.sessionId(attempt);
  }
}
