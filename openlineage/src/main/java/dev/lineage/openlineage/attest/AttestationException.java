package dev.lineage.openlineage.attest;

import java.util.Objects;

/**
 * A gateway attestation that does not verify, with a stable reason for {@code lineage.rejected}.
 */
public final class AttestationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, as the rejection reason codes of DESIGN.md §5 name it. */
  public enum Reason {
    /** Not an OpenLineage attestation: another payload type, or a malformed source. */
    TYPE_MISMATCH("type-mismatch"),
    /** No signature verifies against a trusted gateway key (altered, or another key). */
    BAD_SIGNATURE("bad-signature"),
    /** Signed, but the payload is not one JSON object. */
    MALFORMED("malformed");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The reason code, as written in the rejected record's headers. */
    public String code() {
      return code;
    }
  }

  private final Reason reason;

  public AttestationException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public AttestationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
