package dev.leti.features.nb201;

import java.util.Locale;

/** A string that is not a NAS-Bench-201 arch string; {@link #reason()} is stable for quarantine tables. */
public final class InvalidArchException extends IllegalArgumentException {

  /** What is wrong, in the order {@link Nb201Arch#parse} checks. */
  public enum Reason {
    /** The string is null. */
    NULL,
    /** The string is empty. */
    EMPTY,
    /** Not exactly three nodes joined by '+'. */
    NODE_COUNT,
    /** A node does not start and end with '|'. */
    MISSING_PIPE,
    /** Node j does not list exactly j edges. */
    EDGE_COUNT,
    /** An edge is not written {@code op~input}. */
    MISSING_INPUT,
    /** An edge names the wrong input node (inputs are listed 0..j-1 in order). */
    WRONG_INPUT,
    /** An edge names an op that is not one of the five. */
    UNKNOWN_OP
  }

  private final Reason reason;

  InvalidArchException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Lower-case reason code, e.g. {@code wrong_input}. */
  public String code() {
    return reason.name().toLowerCase(Locale.ROOT);
  }
}
