package dev.lineage.tlog.checkpoint;

/** A tlog proof was refused; {@link #reason()} says which step of its verification failed. */
public final class TlogProofException extends Exception {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** Not a well-formed c2sp.org/tlog-proof@v1 text, or its checkpoint is not. */
    MALFORMED,
    /** The checkpoint is for another log than the policy names. */
    WRONG_ORIGIN,
    /** No valid signature by the log's key, or an invalid one. */
    LOG_SIGNATURE,
    /** A known witness's cosignature does not verify. */
    INVALID_COSIGNATURE,
    /** Fewer known witnesses cosigned than the policy requires. */
    TOO_FEW_COSIGNATURES,
    /** The inclusion proof does not bind the leaf to the checkpoint's root. */
    INCLUSION
  }

  private final Reason reason;

  public TlogProofException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
