package dev.leti.collector.device;

/**
 * A device call that failed. {@code transientFailure}: the device went away or a call timed out, so the same call
 * may succeed later (retried with backoff); otherwise the session itself is bad (a model that does not load).
 */
public final class DeviceException extends Exception {
  private final boolean transientFailure;

  public DeviceException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public DeviceException(String message, boolean transientFailure) {
    this(message, transientFailure, null);
  }

  public boolean isTransient() {
    return transientFailure;
  }
}
