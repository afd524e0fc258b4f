package dev.leti.runner;

/** A bad command line (an option's value, a missing model, another protocol version): reported without a trace. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
