package dev.lineage.tlog.merkle;

/** A Merkle proof did not verify; {@link #reason()} says which check failed. */
public final class InvalidProofException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Stable codes, one per check, for callers that map failures to exit codes or statuses. */
  public enum Reason {
    /** The leaf index is not below the tree size. */
    INDEX_OUT_OF_RANGE,
    /** The second tree is smaller than the first: an append-only log never shrinks. */
    TREE_SHRANK,
    /** The proof has more or fewer hashes than a proof for these sizes has. */
    WRONG_PROOF_LENGTH,
    /** The root computed from the leaf and the proof is not the expected root. */
    ROOT_MISMATCH,
    /** Two trees of the same size have different roots: the log forked. */
    SAME_SIZE_DIFFERENT_ROOTS,
    /** The proof does not lead back to the older root. */
    OLD_ROOT_MISMATCH,
    /** The proof does not lead to the newer root. */
    NEW_ROOT_MISMATCH
  }

  private final Reason reason;

  public InvalidProofException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
