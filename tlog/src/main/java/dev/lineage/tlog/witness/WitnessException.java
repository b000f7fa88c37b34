package dev.lineage.tlog.witness;

import java.util.OptionalLong;

/**
 * A witness refused a checkpoint. Each reason carries the HTTP status c2sp.org/tlog-witness
 * ("add-checkpoint") prescribes, so an HTTP front end maps refusals in one place.
 */
public final class WitnessException extends Exception {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** The request or its checkpoint is not well formed. */
    MALFORMED(400),
    /** The witness does not follow a log with this origin. */
    UNKNOWN_ORIGIN(404),
    /** No valid signature by the log's key, or an invalid one. */
    UNTRUSTED_SIGNATURE(403),
    /** The old size is larger than the checkpoint's size. */
    OLD_SIZE_AHEAD(400),
    /**
     * The checkpoint is smaller than the last one cosigned: the log rolled back. 409 when the
     * client's old size differs from ours, 400 when it names our size (which is then ahead).
     */
    ROLLBACK(409),
    /** The old size is not the size of the last checkpoint cosigned; the body names ours. */
    OLD_SIZE_MISMATCH(409),
    /** A size-0 checkpoint whose root is not the empty tree's hash. */
    BAD_EMPTY_ROOT(422),
    /** A proof was sent where none is possible (old size 0, or equal sizes). */
    UNEXPECTED_PROOF(422),
    /** Same size as the last cosigned checkpoint but a different root: a fork. */
    FORK_SAME_SIZE(422),
    /** The consistency proof does not verify: the log forked or rewrote history. */
    INCONSISTENT(422);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Reason reason;
  private final int httpStatus;
  private final OptionalLong latestSize;

  public WitnessException(Reason reason, String message) {
    this(reason, reason.httpStatus(), message, OptionalLong.empty());
  }

  public WitnessException(Reason reason, int httpStatus, String message, OptionalLong latestSize) {
    super(message);
    this.reason = reason;
    this.httpStatus = httpStatus;
    this.latestSize = latestSize;
  }

  public Reason reason() {
    return reason;
  }

  /** The status to answer with; for 409 the body is {@link #latestSize()} and a newline. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The size of the last cosigned checkpoint, for a 409 (content type text/x.tlog.size). */
  public OptionalLong latestSize() {
    return latestSize;
  }
}
