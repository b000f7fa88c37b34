package dev.lineage.schemas;

import java.util.Optional;

/**
 * Why a record was refused: the value of the {@code lineage.reason} header on {@code
 * lineage.rejected}. The wire strings are part of that topic's contract (tools and the explorer
 * filter on them): a constant may be added, never renamed. It lives beside the decoding exceptions
 * because decoding is the first step that refuses a record; the signature checks, the event
 * rulebook ({@code dev.lineage.rules.EventRulebook}) and the graph's ownership claims add the rest.
 */
public enum Reason {
  /** No signature verifies, and one names a known key: payload, type or signature was altered. */
  BAD_SIGNATURE("bad-signature"),

  /** No signature's keyid names a key the keyring holds (or that key has no trusted grant). */
  UNKNOWN_KEY("unknown-key"),

  /** The envelope carries no signature at all. */
  UNSIGNED("unsigned"),

  /** The signing key's revocation was in force when the event was appended. */
  REVOKED_KEY("revoked-key"),

  /** The key held the role, but not when the event was appended (before or after its grant). */
  EXPIRED_KEY("expired-key"),

  /** The key did not hold the required role when the event was appended. */
  WRONG_ROLE("wrong-role"),

  /**
   * The signed {@code signedAt} lies further from the broker's append time than the allowed skew: a
   * back-dated or future-dated event.
   */
  CLOCK_SKEW("clock-skew"),

  /** Another registration already owns this id (its signer, kind and content are fixed). */
  CONFLICT("conflict"),

  /** Another key already registered artifacts under this name. */
  NAME_TAKEN("name-taken"),

  /**
   * A registration outside the partition its id belongs in (Kafka's default partitioner on the id):
   * append order, and so ownership, is the order of one partition.
   */
  MISROUTED("misrouted"),

  /** A record of the keys topic without a value: nothing on that topic can be erased. */
  TOMBSTONE("tombstone"),

  /** The bytes are not a well-formed record, or a field breaks a rule that is not about an id. */
  MALFORMED("malformed"),

  /** The writer schema's fingerprint is not one this reader knows. */
  UNKNOWN_SCHEMA("unknown-schema"),

  /** The record is not of a type its topic holds. */
  TYPE_MISMATCH("type-mismatch"),

  /** A node id, digest, key id or name is malformed. */
  INVALID_ID("invalid-id"),

  /** An image named by tag, not by digest. */
  MUTABLE_REFERENCE("mutable-reference"),

  /**
   * An event that breaks its format's schema (an OpenLineage event against the spec's JSON Schema):
   * the violated JSON path is in the {@code lineage.violated-path} header.
   */
  SCHEMA_VIOLATION("schema-violation"),

  // Why a completion or assessment closes no obligation (issue 14; the strings are those of
  // dev.lineage.obligations.ObligationReasons, which the checks return).

  /** No trigger with this id is known, after waiting for it. */
  UNKNOWN_TRIGGER("unknown-trigger"),

  /** The completion's request or model is not the trigger's. */
  TRIGGER_MISMATCH("trigger-mismatch"),

  /** The obligation was closed already, by another envelope. */
  OBLIGATION_CLOSED("obligation-closed"),

  /** The completion names no new model, or the affected model itself. */
  MODEL_NOT_REPLACED("model-not-replaced"),

  /** The training run the completion names is not in the graph, after waiting for it. */
  RUN_NOT_FOUND("run-not-found"),

  /** The new model is not an output of the training run. */
  MODEL_NOT_FROM_RUN("model-not-from-run"),

  /** The run declares no manifest, or the manifest cannot be read or verified. */
  MANIFEST_MISSING("manifest-missing"),

  /** No signature of the manifest is from a key that held PRODUCER when it was made. */
  MANIFEST_NOT_PRODUCER_SIGNED("manifest-not-producer-signed"),

  /** The manifest's subjects do not include the new model. */
  MANIFEST_SUBJECT_MISMATCH("manifest-subject-mismatch"),

  /** The manifest does not declare the request's record set as excluded. */
  EXCLUSION_NOT_DECLARED("exclusion-not-declared"),

  /** The run trained on a snapshot the trigger's closure lists as affected. */
  AFFECTED_SNAPSHOT_REUSED("affected-snapshot-reused"),

  /** The assessment's signer did not hold APPROVER when the broker appended it. */
  ASSESSOR_NOT_APPROVER("assessor-not-approver"),

  /** The assessment's signer signed the model's registration, training run or manifest. */
  ASSESSOR_PRODUCED_MODEL("assessor-produced-model"),

  /** The assessment's decision is not KEEP. */
  ASSESSMENT_NOT_KEEP("assessment-not-keep"),

  /** The assessment gives no justification. */
  JUSTIFICATION_MISSING("justification-missing"),

  /** The assessment states no differential-privacy guarantee, or one that is not decimal. */
  GUARANTEE_NOT_STATED("guarantee-not-stated"),

  /** The invalidation names a prediction the request's report does not list. */
  UNKNOWN_PREDICTION("unknown-prediction"),

  /** The invalidation's signer is not the key that registered the prediction artifact. */
  INVALIDATOR_NOT_OWNER("invalidator-not-owner"),

  /** The invalidation gives no reason. */
  INVALIDATION_REASON_MISSING("invalidation-reason-missing"),

  /**
   * A digest that something must be checked against is not {@code sha256:<64 lowercase hex>}: a
   * deletion request's record set, whose exclusion every retraining must declare (readers refuse
   * the request: its obligations could otherwise close without any exclusion).
   */
  INVALID_DIGEST("invalid-digest");

  private final String wire;

  Reason(String wire) {
    this.wire = wire;
  }

  /** The header value, e.g. {@code bad-signature}. */
  public String wire() {
    return wire;
  }

  /** The reason a header value names, if any. */
  public static Optional<Reason> ofWire(String wire) {
    for (Reason r : values()) {
      if (r.wire.equals(wire)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The wire string, so a reason reads the same in logs and messages as on the topic. */
  @Override
  public String toString() {
    return wire;
  }
}
