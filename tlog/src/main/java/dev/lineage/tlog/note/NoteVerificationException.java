package dev.lineage.tlog.note;

/** A signed note was refused; {@link #reason()} says why. */
public final class NoteVerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Stable codes for callers that map refusals to statuses (tlog-witness: 400 vs 403). */
  public enum Reason {
    /** Not a well-formed signed note (c2sp.org/signed-note, "Format"). */
    MALFORMED,
    /** A signature by a known key (name and key ID both match) does not verify. */
    INVALID_SIGNATURE,
    /** No signature by any known key. */
    NO_KNOWN_SIGNATURE
  }

  private final Reason reason;

  public NoteVerificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
