package dev.leti.cli;

/** A failure the user can fix (a missing file, a bad value): reported as one line, without a stack trace. */
public final class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
