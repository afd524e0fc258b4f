package dev.leti.features.nb101;

/** A matrix and ops that are not a cell of NAS-Bench-101; {@link #reason()} is stable for quarantine tables. */
public final class InvalidCellException extends IllegalArgumentException {

  /** Why a cell was rejected, in the order the official code checks. */
  public enum Reason {
    MALFORMED,
    NOT_SQUARE,
    OPS_LENGTH,
    NOT_ZERO_ONE,
    NOT_UPPER_TRIANGULAR,
    DISCONNECTED,
    TOO_MANY_VERTICES,
    TOO_MANY_EDGES,
    BAD_INPUT_OUTPUT,
    UNKNOWN_OP
  }

  private final Reason reason;

  InvalidCellException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Lower-case reason code, e.g. {@code disconnected}. */
  public String code() {
    return reason.name().toLowerCase(java.util.Locale.ROOT);
  }
}
