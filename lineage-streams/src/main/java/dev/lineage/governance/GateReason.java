package dev.lineage.governance;

/**
 * Why a model is not approved for deployment, or why one approval does not count: a short stable
 * code for machines and a detail for people (key ids, digests and times only).
 */
public record GateReason(String code, String detail) {
  /** No decision names this exact model digest (a decision binds one digest, never a name). */
  public static final String NO_APPROVAL = "no-approval";

  /** A {@code name:} reference that names no registered artifact. */
  public static final String UNKNOWN_NAME = "unknown-name";

  /**
   * No run in the lineage graph outputs the model, so nothing states which manifest describes it
   * and an approval cannot be checked against it.
   */
  public static final String NO_PRODUCING_RUN = "no-producing-run";

  /**
   * Only a gateway attested a run that outputs the model (OpenLineage): a gateway vouches for who
   * sent a statement, not for who ran it, so it cannot satisfy separation of duties. A
   * producer-signed producing run is required.
   */
  public static final String GATEWAY_ATTESTED_RUN = "gateway-attested-run";

  /** The approver key signed the run that produced the model, or registered its manifest. */
  public static final String SELF_APPROVAL = "self-approval";

  /**
   * The manifest the approver reviewed is not the one the graph states for the model: what was
   * reviewed is not what is deployed.
   */
  public static final String MANIFEST_MISMATCH = "manifest-mismatch";

  /** The approver key was revoked when the approval was appended (or since, reaching back). */
  public static final String APPROVER_REVOKED = "approver-revoked";

  /** The approver key did not hold APPROVER at the append time for another reason (or skew). */
  public static final String APPROVER_UNTRUSTED = "approver-untrusted";

  /** The deciding (latest valid) decision rejects the model. */
  public static final String REJECTED = "rejected";

  /** A decision this reader does not know; it never approves. */
  public static final String UNKNOWN_DECISION = "unknown-decision";
}
